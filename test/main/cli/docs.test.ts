/**
 * docs/hyperparams.md and docs/model-spec.md cannot drift from main/api/schemas.ts:
 * every kind, field, default, range and choice in the schemas is in the docs, in the
 * section of its kind, and every example (files and JSON blocks) validates.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { HyperParams, ModelSpec } from '../../../main/api/schemas.ts';
import { readModelFile } from '../../../main/cli/model-arg.ts';
import { readJsonFile } from '../../../main/cli/read-json.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { repoRoot } from './helpers.ts';
import { formatDefault, schemaFields } from './schema-fields.ts';

const docs = join(repoRoot, 'docs');
const read = (name: string) => readFileSync(join(docs, name), 'utf8');

/** The lines under the first heading that names `key` in backticks (or the top-level heading), up to the next heading. */
function section(doc: string, context: string[]): string[] {
  const lines = doc.split('\n');
  const key = context.at(-1);
  const start = lines.findIndex((l) => l.startsWith('#') && (key === undefined ? /Top-level fields/.test(l) : l.includes(`\`${key}\``)));
  assert.ok(start >= 0, `no heading for ${key === undefined ? 'the top-level fields' : `\`${key}\``}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

function checkDoc(name: string, schema: z.ZodType): void {
  const doc = read(name);
  const headings = doc.split('\n').filter((l) => l.startsWith('#')).join('\n');
  for (const field of schemaFields(schema)) {
    const where = `${name}: ${[...field.context, field.name].join(' > ')}`;
    if (field.isKind) {
      assert.ok(headings.includes(`\`${field.name}\``), `${where}: a kind needs its own heading`);
      continue;
    }
    const row = section(doc, field.context).find((l) => l.startsWith(`| \`${field.name}\` |`));
    assert.ok(row, `${where}: no table row`);
    if (field.default !== undefined) assert.ok(row.includes(`\`${formatDefault(field.default)}\``), `${where}: default ${formatDefault(field.default)} missing in: ${row}`);
    if (field.range !== undefined) assert.ok(row.includes(field.range), `${where}: range '${field.range}' missing in: ${row}`);
    // Choices may be listed once for the page (the activations) or in the row.
    for (const choice of field.choices ?? []) assert.ok(doc.includes(`\`'${choice}'\``), `${where}: choice '${choice}' is not in the page`);
  }
}

test('docs/hyperparams.md describes every field of HyperParams with its default and range', () => {
  const fields = schemaFields(HyperParams);
  // The walk itself sees the whole schema (a guard against a walker that silently stops).
  for (const name of ['optimizer', 'adam', 'beta2', 'cosine', 'periodEpochs', 'earlyStopping', 'monitor', 'maxNorm', 'targetScaling', 'erasingProbability', 'stratify']) {
    assert.ok(fields.some((f) => f.name === name), name);
  }
  checkDoc('hyperparams.md', HyperParams);
});

test('docs/model-spec.md describes every layer kind and field of ModelSpec with its default and range', () => {
  const fields = schemaFields(ModelSpec);
  for (const name of ['dense', 'conv2d', 'maxPool2d', 'avgPool2d', 'globalAvgPool2d', 'flatten', 'dropout', 'batchNorm', 'activation', 'reshape', 'attention', 'residual', 'l2', 'keyDim', 'targetShape']) {
    assert.ok(fields.some((f) => f.name === name), name);
  }
  checkDoc('model-spec.md', ModelSpec);
});

test('every example validates: the files under docs/examples and the JSON blocks of the docs', () => {
  const examples = readdirSync(join(docs, 'examples'));
  assert.deepEqual(examples.sort(), ['hyperparams.json', 'model-spec.json']);
  const hp = readJsonFile(join(docs, 'examples', 'hyperparams.json'), '--config', HyperParams);
  assert.ok(HyperParams.parse(hp).augmentation);
  const model = readModelFile(join(docs, 'examples', 'model-spec.json'), '--model');
  const count = analyseSpec(ModelSpec.parse(model.spec), [28, 28, 1], 10);
  assert.ok(count.ok, JSON.stringify(count));
  assert.ok(new Set(count.layers.map((l) => l.kind)).size >= 7, 'the example shows many kinds');
  for (const [name, schema] of [['hyperparams.md', HyperParams], ['model-spec.md', ModelSpec]] as const) {
    const blocks = [...read(name).matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.ok(blocks.length >= 1, name);
    for (const block of blocks) schema.parse(JSON.parse(block));
  }
  const spec = ModelSpec.parse(JSON.parse([...read('model-spec.md').matchAll(/```json\n([\s\S]*?)```/g)][0][1]));
  assert.ok(analyseSpec(spec, [28, 28, 1], 10).ok);
});

test('the README and the study docs link the format docs', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const doc of ['docs/hyperparams.md', 'docs/model-spec.md', 'docs/studies-api.md']) assert.ok(readme.includes(doc), doc);
  const studies = read('studies-api.md');
  assert.ok(studies.includes('hyperparams.md') && studies.includes('model-spec.md'));
});
