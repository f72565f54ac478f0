import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LayerSchema, type Layer, type LayerKind } from '../../../main/api/schemas.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import {
  defaultLayer, defaultLayersFor, describeLayer, getAt, insertAt, LAYER_KINDS, layerFields, layerKindsFor, moveAt, parseShape, removeAt, setField,
} from '../../../renderer/src/lib/layers.ts';

/** Every layer kind the schema accepts, read from LayerSchema's union (the residual block is its lazy member). */
function schemaKinds(): string[] {
  const union = (LayerSchema as unknown as { def: { getter(): { def: { options: { def: { getter?: unknown }; shape?: { kind: { def: { values?: string[]; entries?: Record<string, string> } } } }[] } } } }).def.getter();
  return union.def.options.flatMap((o) => {
    if (o.def.getter) return ['residual'];
    const kind = o.shape!.kind.def;
    return kind.values ?? Object.values(kind.entries!);
  });
}

const dense = (units: number): Layer => ({ kind: 'dense', units, activation: 'relu', useBias: true });

test('every schema layer kind has a default whose fields are described', () => {
  for (const kind of LAYER_KINDS) {
    const layer = defaultLayer(kind) as unknown as Record<string, unknown>;
    assert.equal(layer.kind, kind);
    for (const f of layerFields(kind)) {
      if (!(f.type === 'int' && f.optional)) assert.ok(f.key in layer, `${kind}.${f.key}`);
    }
  }
  assert.deepEqual([...LAYER_KINDS].sort(), schemaKinds().sort(), 'the menu offers every kind the schema accepts');
});

test("every kind's default passes the schema, and so does every value its fields offer (their ends and options)", () => {
  for (const kind of LAYER_KINDS) {
    const layer = defaultLayer(kind);
    assert.ok(LayerSchema.safeParse(layer).success, `default ${kind}`);
    for (const f of layerFields(kind)) {
      const tries: unknown[] = f.type === 'select' ? [...f.options] : f.type === 'bool' ? [true, false] : f.type === 'int' || f.type === 'number' ? [f.min, f.max] : [];
      for (const value of tries) {
        if (value === undefined) continue;
        const result = LayerSchema.safeParse({ ...layer, [f.key]: value });
        assert.ok(result.success, `${kind}.${f.key} = ${value}: ${result.success ? '' : result.error.issues[0]?.message}`);
      }
    }
  }
});

test('the sequence kinds have fields that match their schema ranges', () => {
  const field = (kind: LayerKind, key: string) => layerFields(kind).find((f) => f.key === key);
  assert.deepEqual(layerFields('embedding').map((f) => f.key), ['vocabSize', 'dim', 'maxLength']);
  assert.ok(LayerSchema.safeParse({ ...defaultLayer('embedding'), vocabSize: (field('embedding', 'vocabSize') as { max: number }).max + 1 }).success === false, 'the vocabulary stops where the schema does');
  assert.ok(LayerSchema.safeParse({ ...defaultLayer('embedding'), vocabSize: 7 }).success === false);
  assert.equal((field('embedding', 'vocabSize') as { min: number }).min, 8);
  assert.equal((field('transformer', 'keyDim') as { optional?: boolean }).optional, true, 'keyDim defaults to D / heads when left empty');
  assert.deepEqual((field('globalPool1d', 'pool') as { options: readonly string[] }).options, ['avg', 'max', 'first']);
  assert.deepEqual(layerFields('gru').map((f) => f.key), ['units', 'bidirectional', 'returnSequences']);
  assert.deepEqual(layerFields('conv1d'), layerFields('conv2d'), 'one set of convolution fields');
});

test('the add-layer menu puts the sequence kinds first for text and series, and keeps every kind', () => {
  for (const kind of ['tabular', 'image', 'text', 'series', 'any'] as const) assert.deepEqual([...layerKindsFor(kind)].sort(), [...LAYER_KINDS].sort(), kind);
  assert.deepEqual(layerKindsFor('tabular'), [...LAYER_KINDS]);
  assert.equal(layerKindsFor('text')[0], 'embedding');
  assert.deepEqual(layerKindsFor('series').slice(0, 3), ['positional', 'transformer', 'layerNorm']);
  assert.equal(layerKindsFor('series').at(-1), 'embedding', 'a series holds numbers, not token ids');
});

test('insert, move and remove at the top level without mutating the input', () => {
  const start = [dense(1), dense(2)];
  const inserted = insertAt(start, [], 1, dense(9));
  assert.deepEqual(inserted.map((l) => (l as any).units), [1, 9, 2]);
  assert.equal(start.length, 2);
  assert.deepEqual(moveAt(inserted, [0], 1).map((l) => (l as any).units), [9, 1, 2]);
  assert.deepEqual(moveAt(inserted, [0], -1), inserted); // no-op at the edge
  assert.deepEqual(removeAt(inserted, [1]).map((l) => (l as any).units), [1, 2]);
});

test('edits inside a residual block address it by path', () => {
  const root: Layer[] = [dense(4), { kind: 'residual', activation: 'relu', layers: [dense(8)] }];
  const withInner = insertAt(root, [1], 1, { kind: 'dropout', rate: 0.1 });
  assert.equal(getAt(withInner, [1, 1])?.kind, 'dropout');
  const edited = setField(withInner, [1, 0], 'units', 16);
  assert.equal((getAt(edited, [1, 0]) as any).units, 16);
  assert.equal((getAt(root, [1, 0]) as any).units, 8, 'input untouched');
  const moved = moveAt(edited, [1, 1], -1);
  assert.equal(getAt(moved, [1, 0])?.kind, 'dropout');
});

test('a residual block keeps at least one layer', () => {
  const root: Layer[] = [{ kind: 'residual', activation: 'relu', layers: [dense(8)] }];
  assert.deepEqual(removeAt(root, [0, 0]), root);
  assert.deepEqual(removeAt(root, [0]), []);
});

test('setField with undefined removes an optional field', () => {
  const root: Layer[] = [{ kind: 'maxPool2d', poolSize: 2, strides: 2 }];
  assert.equal('strides' in (setField(root, [0], 'strides', undefined)[0] as object), false);
});

test('parseShape accepts commas, spaces and x; rejects junk', () => {
  assert.deepEqual(parseShape('28, 28, 1'), [28, 28, 1]);
  assert.deepEqual(parseShape('7x7x16'), [7, 7, 16]);
  assert.equal(parseShape('3, -1'), null);
  assert.equal(parseShape(''), null);
});

test('describeLayer summarises', () => {
  assert.equal(describeLayer(dense(32)), '32 units, relu');
  assert.equal(describeLayer(defaultLayer('residual')), '1 layer, relu');
  assert.equal(describeLayer(defaultLayer('embedding')), '8000 ids × 64');
  assert.equal(describeLayer({ kind: 'embedding', vocabSize: 500, dim: 16, maxLength: 1 }), '500 ids × 16, first 1 token');
  assert.equal(describeLayer(defaultLayer('positional')), 'sinusoidal');
  assert.equal(describeLayer(defaultLayer('layerNorm')), 'epsilon 0.00001');
  assert.equal(describeLayer(defaultLayer('transformer')), '4 heads, feed-forward 128, pre-norm');
  assert.equal(describeLayer(defaultLayer('conv1d')), '32 × 3, stride 1, same');
  assert.equal(describeLayer(defaultLayer('maxPool1d')), 'window 2');
  assert.equal(describeLayer({ kind: 'globalPool1d', pool: 'first' }), 'first token');
  assert.equal(describeLayer(defaultLayer('gru')), '64 units');
  assert.equal(describeLayer({ kind: 'lstm', units: 1, bidirectional: true, returnSequences: true }), '1 unit each way, every step');
  const silent: LayerKind[] = ['flatten', 'globalAvgPool2d', 'batchNorm'];
  for (const kind of LAYER_KINDS) if (!silent.includes(kind)) assert.notEqual(describeLayer(defaultLayer(kind)), '', kind);
});

test('default layers follow the dataset: an MLP for tables, a CNN that builds on 8x8 and 28x28 images, sequence models', () => {
  assert.equal(defaultLayersFor('tabular')[0]?.kind, 'dense');
  for (const shape of [[8, 8, 1], [28, 28, 1], [32, 32, 3]]) {
    const count = analyseSpec({ layers: defaultLayersFor('image') }, shape, 10);
    assert.ok(count.ok, `builds on ${shape}: ${count.ok ? '' : count.error}`);
  }
  assert.equal(analyseSpec({ layers: defaultLayersFor('tabular') }, [4], 3).ok, true);
  assert.equal(analyseSpec({ layers: defaultLayersFor('text') }, [64], 2).ok, true);
  assert.equal(analyseSpec({ layers: defaultLayersFor('series') }, [28, 1], 7).ok, true);
});
