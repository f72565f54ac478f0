/** `modelbench tune`: studies checked against their data, and a non-zero exit when no trial completed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from './helpers.ts';

test('tune exits 1 when no trial completed, with the most common failure reasons', async (t) => {
  const dir = tempDir(t);
  // Fails in two ways: mostly 'x too big', once (x < -2.5 is rarer) 'x too small'; never completes.
  const program = "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const p=JSON.parse(s);console.error(p.x<-2.5?'x too small':'x too big');process.exit(3)})";
  const study = writeFile(dir, 'study.json', JSON.stringify({
    name: 'doomed', space: { params: { x: { kind: 'float', low: -3, high: 3 } } }, sampler: 'random',
    objectives: [{ kind: 'command', direction: 'minimize' }], command: { argv: [process.execPath, '-e', program] }, nTrials: 6, workers: 2, seed: 1,
  }));
  const r = await cli(['tune', study, '--home', join(dir, 'home')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorLine(r), /no trial of study study_\w+ completed \(6 failed, 0 pruned\); the most common failure reasons:/);
  const reasons = r.stderr.split('\n').filter((l) => /^\s+\d+ × /.test(l));
  assert.ok(reasons.length >= 1 && reasons.length <= 3, r.stderr);
  assert.match(reasons[0], /exited with 3.*x too (big|small)/);
  assert.ok(reasons.some((l) => /x too big/.test(l)), r.stderr);
  const counts = reasons.map((l) => Number(/^\s+(\d+) ×/.exec(l)![1]));
  assert.equal(counts.reduce((a, b) => a + b, 0) <= 6, true);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most common first');

  const json = await cli(['tune', study, '--json', '--home', join(dir, 'home')]);
  assert.equal(json.code, 1);
  const summary = JSON.parse(json.lines.at(-1)!);
  assert.equal(summary.study.counts.complete, 0);
  assert.ok(summary.failures.length >= 1 && typeof summary.failures[0].count === 'number');
});

test('tune refuses a study whose objective or space does not fit the dataset, before training', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  assert.equal((await cli(['dataset', 'import', '--sample', 'iris', ...home])).code, 0);
  const base = { datasetId: 'iris', space: { params: { depth: { kind: 'int', low: 1, high: 2 }, units_0: { kind: 'int', low: 4, high: 16 } } }, nTrials: 2 };
  const r2 = await cli(['tune', writeFile(dir, 'r2.json', JSON.stringify({ ...base, objectives: [{ metric: 'val_r2' }] })), ...home]);
  assert.equal(r2.code, 1, r2.stderr);
  assert.match(errorLine(r2), /objective 'val_r2' is not reported for classification \('iris'\); a classification study can use: val_accuracy, val_f1, val_loss/);
  const zero = await cli(['tune', writeFile(dir, 'zero.json', JSON.stringify({ ...base, space: { params: { ...base.space.params, units_0: { kind: 'int', low: 0, high: 16 } } }, objectives: [{ metric: 'val_loss' }] })), ...home]);
  assert.equal(zero.code, 1);
  assert.match(errorLine(zero), /param 'units_0': 0 cannot build a model/);
  const studies = await cli(['studies', '--json', ...home]);
  assert.equal(studies.lines.length, 0, 'nothing was created');
  const bad = await cli(['tune', writeFile(dir, 'bad.json', JSON.stringify({ ...base, objectives: [{ metric: 'val_acc' }] })), ...home]);
  assert.equal(bad.code, 1);
  assert.match(errorLine(bad), /STUDY\.json: .*bad\.json: objectives\.0/);
});
