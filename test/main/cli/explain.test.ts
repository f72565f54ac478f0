/** `modelbench explain` and `modelbench diagnose`: the real CLI on a temp home with a trained iris run. */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, errorLine } from './helpers.ts';

const last = (lines: string[]) => JSON.parse(lines.at(-1) as string) as Record<string, unknown>;

describe('explain and diagnose commands', () => {
  let dir: string;
  let home: string[];
  let runId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-cli-explain-'));
    home = ['--home', join(dir, 'home')];
    assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
    const trained = await cli(['train', '--dataset', 'iris', '--epochs', '6', '--seed', '2', ...home, '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    runId = last(trained.lines).id as string;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--json: the last line is { runId, method, features, rows: [{ index, prediction, base, attributions }] }; asked again, the stored one', async () => {
    const r = await cli(['explain', runId, '--method', 'shap', '--rows', '3', '--class', 'virginica', ...home, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = last(r.lines);
    assert.deepEqual(Object.keys(out), ['runId', 'method', 'features', 'rows']);
    assert.equal(out.runId, runId);
    assert.equal(out.method, 'exact-shapley');
    assert.deepEqual(out.features, ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm']);
    const rows = out.rows as { index: number; prediction: number; base: number; attributions: number[] }[];
    assert.deepEqual(rows.map((row) => Object.keys(row)), rows.map(() => ['index', 'prediction', 'base', 'attributions']));
    assert.deepEqual(rows.map((row) => row.index), [0, 1, 2]);
    for (const row of rows) assert.ok(Math.abs(row.base + row.attributions.reduce((a, b) => a + b, 0) - row.prediction) < 1e-5);
    const text = await cli(['explain', runId, '--method', 'shap', '--rows', '3', '--class', '2', ...home]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /shap: exact Shapley values \(4 features/);
    assert.match(text.stdout, /row 0: P\(virginica\) = /);
    assert.doesNotMatch(text.stdout, /explaining…/, 'the stored result, not a new job');
  });

  test('permutation: { runId, method, metric, importances: [{ feature, mean, std }] }', async () => {
    const r = await cli(['explain', runId, '--method', 'permutation', ...home, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = last(r.lines);
    assert.deepEqual(Object.keys(out), ['runId', 'method', 'metric', 'importances']);
    assert.equal(out.metric, 'accuracy');
    const importances = out.importances as { feature: string; mean: number; std: number }[];
    assert.deepEqual(importances.map((i) => Object.keys(i)), importances.map(() => ['feature', 'mean', 'std']));
    // Iris is told apart by its petals.
    const top = [...importances].sort((a, b) => b.mean - a.mean)[0].feature;
    assert.match(top, /^petal_/);
  });

  test('bad input: clear errors and exit codes', async () => {
    const occlusion = await cli(['explain', runId, '--method', 'occlusion', ...home]);
    assert.equal(occlusion.code, 1);
    assert.match(errorLine(occlusion), /occlusion explains images, but this model takes rows of shape \[4\]/);
    const row = await cli(['explain', runId, '--method', 'kernel-shap', '--row', '999', ...home]);
    assert.equal(row.code, 1);
    assert.match(errorLine(row), /row 999 is out of range: the validation split of run .* has \d+ rows/);
    const cls = await cli(['explain', runId, '--method', 'shap', '--class', 'tulip', ...home]);
    assert.equal(cls.code, 2);
    assert.match(errorLine(cls), /--class 'tulip' is not a class of this run's dataset \(setosa, versicolor, virginica\)/);
    const method = await cli(['explain', runId, '--method', 'deeplift', ...home]);
    assert.equal(method.code, 2);
    assert.match(errorLine(method), /--method must be one of permutation, shap/);
    const both = await cli(['explain', runId, '--method', 'shap', '--rows', '2', '--row', '1', ...home]);
    assert.equal(both.code, 2);
  });

  test('diagnose --json: { runId, findings: [{ code, severity, layer, epoch, evidence, remedy }], layers }', async () => {
    const r = await cli(['diagnose', runId, ...home, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = last(r.lines);
    assert.deepEqual(Object.keys(out), ['runId', 'findings', 'layers']);
    for (const f of out.findings as Record<string, unknown>[]) assert.deepEqual(Object.keys(f), ['code', 'severity', 'layer', 'epoch', 'evidence', 'remedy']);
    const layers = out.layers as { layer: string; gradNorm: number }[];
    // The default preset for tables: two hidden dense layers and the head.
    assert.deepEqual(layers.map((l) => l.layer), ['dense_1', 'dense_2', 'head']);
    assert.ok(layers.every((l) => l.gradNorm > 0));
    const text = await cli(['diagnose', runId, ...home]);
    assert.match(text.stdout, /Layers at epoch \d+ \(\d+ recorded epochs\)/);
    assert.match(text.stdout, /dense_1\s+Dense\s+relu/);
  });
});
