/**
 * The shrink search's moves on sequence models: width scales conv1d filters, recurrent units,
 * the transformer's feed-forward and the embedding's dimension; vocabulary scales a text
 * model's embedding table; transformer and recurrent layers can be removed. Every variant
 * builds and is smaller than its preset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layer } from '../../../../main/api/schemas.ts';
import { proposeVariants } from '../../../../main/compression/shrink/variants.ts';
import { parseStepLabel } from '../../../../main/compression/step-label.ts';
import { analyseSpec } from '../../../../main/model/counts.ts';
import { MODEL_PRESETS } from '../../../../main/model/presets.ts';

const preset = (id: string) => MODEL_PRESETS.find((p) => p.id === id)!.spec;
const keysOf = (variants: { label: string }[]) => new Set(variants.map((v) => parseStepLabel(v.label)?.key));

test('every text and series preset gets smaller variants that build', () => {
  for (const p of MODEL_PRESETS.filter((x) => x.inputKind === 'text' || x.inputKind === 'series')) {
    const input = p.inputKind === 'text' ? [64] : [28, 1];
    const base = analyseSpec(p.spec, input, 3);
    assert.ok(base.ok);
    const variants = proposeVariants(p.spec, input, 3);
    assert.ok(variants.length >= 3, `${p.id}: ${variants.map((v) => v.label).join(', ')}`);
    for (const v of variants) {
      const count = analyseSpec(v.spec, input, 3);
      assert.ok(count.ok && count.paramCount === v.params && v.params < base.paramCount, `${p.id} ${v.label}`);
    }
    assert.ok(keysOf(variants).has('width'), p.id);
    if (p.inputKind === 'text') assert.ok(keysOf(variants).has('vocabulary'), p.id);
  }
});

test('width and vocabulary on the text transformer: what they change', () => {
  const spec = preset('text-transformer');
  const variants = proposeVariants(spec, [64], 2);
  const byLabel = new Map(variants.map((v) => [v.label, v.spec.layers]));
  const half = byLabel.get('width ×0.5')!;
  const [embedding, , block] = spec.layers as [Extract<Layer, { kind: 'embedding' }>, Layer, Extract<Layer, { kind: 'transformer' }>];
  assert.deepEqual(half[0], { ...embedding, dim: embedding.dim / 2 });
  assert.deepEqual(half[2], { ...block, ffUnits: block.ffUnits / 2 }, 'heads kept, feed-forward halved');
  const quarterVocab = byLabel.get('vocabulary ×0.25')!;
  assert.deepEqual(quarterVocab[0], { ...embedding, vocabSize: embedding.vocabSize / 4 });
  assert.deepEqual(quarterVocab.slice(1), spec.layers.slice(1));
  // A whole transformer block can go (the remaining block keeps the model working).
  assert.ok(variants.some((v) => parseStepLabel(v.label)?.key === 'removeLayer' && /transformer/.test(v.label)));
});

test('the vocabulary never goes below the schema\'s 8 ids', () => {
  const spec = { layers: [{ kind: 'embedding', vocabSize: 20, dim: 4 }, { kind: 'globalPool1d', pool: 'avg' }] } as { layers: Layer[] };
  const variants = proposeVariants(spec, [16], 2).filter((v) => parseStepLabel(v.label)?.key === 'vocabulary');
  assert.deepEqual(variants.map((v) => (v.spec.layers[0] as Extract<Layer, { kind: 'embedding' }>).vocabSize), [8, 10].filter((n) => n < 20).sort((a, b) => a - b));
});
