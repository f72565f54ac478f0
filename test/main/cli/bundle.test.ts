/**
 * The real CLI: `modelbench export --format onnx [--with-preprocessing]` and
 * `modelbench bundle export/import` between two data folders, text and JSON,
 * and their usage errors (exit 2) and refusals (exit 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSample } from '../../../main/data/samples.ts';
import { runOnnx } from '../export/onnx/ort.ts';
import { cli, errorLine, tempDir } from './helpers.ts';

test('export --format onnx, bundle export --with-data, bundle import twice (the second remapped)', async (t) => {
  const dir = tempDir(t);
  const a = ['--home', join(dir, 'a')];
  const b = ['--home', join(dir, 'b')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...a])).code, 0);
  const trained = await cli(['train', '--dataset', 'iris', '--epochs', '3', '--seed', '4', ...a, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const run = JSON.parse(trained.lines.at(-1)!);

  const onnxDir = join(dir, 'onnx');
  const exported = await cli(['export', run.id, '--format', 'onnx', '--with-preprocessing', '--out', onnxDir, ...a]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, new RegExp(`Exported run ${run.id} \\(onnx\\)`));
  assert.ok(existsSync(join(onnxDir, 'model.onnx')) && !existsSync(join(onnxDir, 'model.json')));
  const iris = loadSample('iris');
  const probabilities = (await runOnnx(readFileSync(join(onnxDir, 'model.onnx')), { input: { data: iris.x, dims: [150, 4] } })).head.data;
  const correct = iris.y.filter((label, i) => {
    const row = Array.from(probabilities.subarray(i * 3, i * 3 + 3));
    return row.indexOf(Math.max(...row)) === label;
  }).length;
  assert.ok(correct / 150 > 0.6, `raw iris through the ONNX model: accuracy ${correct / 150}`);

  const file = join(dir, 'iris-run.mbz');
  const bundled = await cli(['bundle', 'export', run.id, '--out', file, '--with-data', ...a]);
  assert.equal(bundled.code, 0, bundled.stderr);
  assert.match(bundled.stdout, /Exported run .* 1 run\(s\), \d+ metric points, 1 dataset\(s\) with their data/);

  const imported = await cli(['bundle', 'import', file, ...b]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`Imported run '.*' as ${run.id}`));
  assert.match(imported.stdout, /added from the bundle/);
  const shown = JSON.parse((await cli(['show', run.id, ...b, '--json'])).lines.at(-1)!);
  assert.deepEqual(shown.metrics, run.metrics);

  const again = await cli(['bundle', 'import', file, ...b, '--json']);
  assert.equal(again.code, 0, again.stderr);
  const result = JSON.parse(again.lines.at(-1)!);
  assert.equal(result.remapped.length, 1);
  assert.equal(result.remapped[0].from, run.id);
  assert.notEqual(result.id, run.id);
  assert.equal(result.datasets[0].added, false);
  const text = await cli(['bundle', 'import', file, ...b]);
  assert.match(text.stdout, new RegExp(`Ids taken here, renamed \\(references rewritten\\):\\n  run ${run.id} -> run_`));
});

test('usage errors exit 2, refusals exit 1 with one error line', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'h')];
  const format = await cli(['export', 'run_x', '--format', 'pmml', ...home]);
  assert.equal(format.code, 2);
  assert.match(errorLine(format), /--format must be one of tfjs, onnx/);
  const folding = await cli(['export', 'run_x', '--with-preprocessing', ...home]);
  assert.equal(folding.code, 2);
  assert.match(errorLine(folding), /--with-preprocessing needs --format onnx/);
  const kind = await cli(['bundle', 'export', 'abc', ...home]);
  assert.equal(kind.code, 2);
  assert.match(errorLine(kind), /add --kind run\|study\|experiment/);
  const missing = await cli(['bundle', 'import', join(dir, 'missing.mbz'), ...home]);
  assert.equal(missing.code, 1);
  assert.match(errorLine(missing), /not a Modelbench bundle/);
  const unknown = await cli(['bundle', 'export', 'run_nope', ...home]);
  assert.equal(unknown.code, 1);
  assert.match(errorLine(unknown), /No run with id 'run_nope'/);
  assert.equal((await cli(['bundle', '--help'])).code, 0);
});
