/** `modelbench explain RUN --attention`: the real CLI on a temp home with a small transformer trained on a text CSV. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, errorLine } from './helpers.ts';

let dir: string;
let home: string[];
let runId: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mb-cli-attention-'));
  home = ['--home', join(dir, 'home')];
  const csv = join(dir, 'mails.csv');
  writeFileSync(csv, ['text,label', ...Array.from({ length: 60 }, (_, i) => (i % 2 ? `"win a cheap prize now ${i}",spam` : `"the meeting notes are attached ${i}",ham`))].join('\n'));
  const imported = await cli(['dataset', 'import', csv, '--text', 'text', '--max-length', '10', ...home, '--json']);
  assert.equal(imported.code, 0, imported.stderr);
  const trained = await cli(['train', '--dataset', 'mails', '--model', 'text-transformer', '--epochs', '1', '--seed', '3', ...home, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  runId = JSON.parse(trained.lines.at(-1) as string).id;
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('--json: the whole answer, every layer and head a tokens × tokens map', async () => {
  const r = await cli(['explain', runId, '--attention', '--row', '1', ...home, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.lines.at(-1) as string);
  assert.deepEqual(Object.keys(out), ['runId', 'split', 'row', 'tokens', 'layers']);
  assert.equal(out.row, 1);
  const n = out.tokens.length;
  assert.ok(n > 0 && n < 10, `padding dropped: ${n} tokens`);
  assert.equal(out.layers.length, 2, 'the preset has two transformer blocks');
  for (const layer of out.layers) {
    assert.equal(layer.heads.length, 4);
    for (const head of layer.heads) assert.deepEqual([head.length, head[0].length], [n, n]);
  }
  const one = JSON.parse((await cli(['explain', runId, '--attention', '--row', '1', '--layer', '1', ...home, '--json'])).lines.at(-1) as string);
  assert.deepEqual(one.layers, [out.layers[1]]);
});

test('text: the tokens, and per layer its heads, the map shape and the strongest pairs', async () => {
  const r = await cli(['explain', runId, '--attention', ...home]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Row 0 of the val split: \d+ token\(s\): /);
  assert.match(r.stdout, /LAYER\s+HEADS\s+MAP\s+STRONGEST PAIRS/);
  const layers = r.stdout.split('\n').filter((l) => /_attn\s/.test(l));
  assert.equal(layers.length, 2);
  for (const l of layers) assert.match(l, /\s4\s+(\d+) x \1\s+\S+ → \S+ 0\.\d{3}/);
});

test('bad input: clear errors and exit codes', async () => {
  const mixed = await cli(['explain', runId, '--attention', '--method', 'shap', ...home]);
  assert.equal(mixed.code, 2);
  assert.match(errorLine(mixed), /--attention .* not --method/);
  const layer = await cli(['explain', runId, '--method', 'integrated-gradients', '--layer', '0', ...home]);
  assert.equal(layer.code, 2);
  assert.match(errorLine(layer), /--layer goes with --attention/);
  const past = await cli(['explain', runId, '--attention', '--row', '99999', ...home]);
  assert.equal(past.code, 1);
  assert.match(errorLine(past), /row 99999 is past the end of the val split/);
  const missing = await cli(['explain', runId, '--attention', '--layer', '5', ...home]);
  assert.equal(missing.code, 1);
  assert.match(errorLine(missing), /layer 5 does not exist: the model has 2 attention layer/);
});
