import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EnsembleDetail, EnsembleMemberView } from '../../../main/api/contract.ts';
import { combinedMembers, costLine, defaultEnsembleForm, ensembleRequest, memberRows, memberVsEnsemble, methodFits, runDeleteConfirmation } from '../../../renderer/src/lib/ensemble-view.ts';

const member = (position: number, over: Partial<EnsembleMemberView> = {}): EnsembleMemberView => ({
  position, runId: `run_${position}`, role: 'member', fold: null, stage: null, weight: 0, featureMask: null, runName: `mlp ${position}`, runStatus: 'completed',
  metrics: { val: { accuracy: 0.8 + position / 100, loss: 0.5 }, test: { accuracy: 0.79 + position / 100 } }, paramCount: 100, ...over,
});

function ensemble(members: EnsembleMemberView[], over: Partial<EnsembleDetail> = {}): EnsembleDetail {
  return {
    id: 'ens_1', name: 'e', method: 'selection', datasetId: 'ds', datasetName: 'digits', task: 'classification', status: 'completed', error: null, config: {},
    metrics: { val: { accuracy: 0.9, loss: 0.3 }, test: { accuracy: 0.88 } }, paramCount: 300, flops: 600,
    size: { paramCount: 300, nonZeroParams: 300, flops: 600, bytes: 4000, weightBytes: 3600, gzipBytes: 3000, latency: { medianMs: 1.5, batch: 32, repeats: 10, backend: 'cpu' } },
    memberCount: 2, createdAt: '2026-01-01T00:00:00.000Z', finishedAt: null, durationMs: null, members, report: {}, combiner: null, ...over,
  };
}

test('the form opens on what it was opened from: a History selection, a study, or a dataset', () => {
  assert.deepEqual([defaultEnsembleForm({ runIds: ['a', 'b'] }).source, defaultEnsembleForm({ runIds: ['a', 'b'] }).method], ['runs', 'selection']);
  assert.equal(defaultEnsembleForm({ studyId: 's' }).source, 'study');
  assert.deepEqual([defaultEnsembleForm().source, defaultEnsembleForm().method], ['dataset', 'bagging']);
  assert.equal(methodFits('bagging', 'runs'), false);
  assert.equal(methodFits('stacking', 'study'), true);
});

test('the request: only the fields of the source and method, checked with the engine\'s schema', () => {
  const fromRuns = ensembleRequest({ ...defaultEnsembleForm({ runIds: ['a', 'b'] }), method: 'stacking', folds: 3, meta: 'mlp', size: 9 }, undefined);
  assert.ok(fromRuns.ok);
  assert.deepEqual(fromRuns.request, { method: 'stacking', runIds: ['a', 'b'], folds: 3, meta: 'mlp' });
  const model = { spec: { layers: [] }, hyperparams: { epochs: 3 } };
  const bag = ensembleRequest({ ...defaultEnsembleForm({ datasetId: 'ds' }), members: 4, epochs: 2, featureFraction: 0.5, seed: 7, name: ' mine ' }, model);
  assert.ok(bag.ok);
  assert.deepEqual(bag.request, { method: 'bagging', name: 'mine', datasetId: 'ds', members: 4, epochs: 2, spec: model.spec, hyperparams: model.hyperparams, seed: 7, featureFraction: 0.5 });
  const bad = ensembleRequest({ ...defaultEnsembleForm({ runIds: ['a'] }), method: 'bagging' }, undefined);
  assert.ok(!bad.ok);
  assert.match(bad.errors.method, /trains its own members/);
  assert.match(bad.errors.runIds, /at least 2 runs/);
  const range = ensembleRequest({ ...defaultEnsembleForm({ datasetId: 'ds' }), featureFraction: 1.5 }, model);
  assert.ok(!range.ok && range.errors.featureFraction, 'the engine\'s range, on its field');
  assert.ok(!ensembleRequest({ ...defaultEnsembleForm({ datasetId: 'ds' }), members: 1000 }, model).ok);
});

test('member rows: combined members by weight first, then folds and unselected members; the ensemble against its best and average member', () => {
  const e = ensemble([member(0, { weight: 0.25 }), member(1, { weight: 0 }), member(2, { weight: 0.75 }), member(3, { role: 'fold', fold: 1 })]);
  assert.deepEqual(combinedMembers(e).map((m) => m.position), [0, 2]);
  const rows = memberRows(e);
  assert.deepEqual(rows.map((r) => r.position), [2, 0, 1, 3]);
  assert.equal(rows[3].label, 'mlp 3 (fold 2)');
  assert.ok(Math.abs(rows[0].val! - 0.82) < 1e-12);
  const cmp = memberVsEnsemble(e);
  assert.equal(cmp.metric, 'accuracy');
  assert.deepEqual(cmp.ensemble, { val: 0.9, test: 0.88 });
  assert.equal(cmp.best.label, 'mlp 2', 'best by validation, folds left out');
  assert.ok(Math.abs(cmp.mean.val! - 0.81) < 1e-12, 'mean over the members, weight 0 included, folds not');
  const regression = memberVsEnsemble(ensemble([member(0, { weight: 1, metrics: { val: { r2: 0.7 }, test: { r2: 0.6 } } })], { task: 'regression', metrics: { val: { r2: 0.75 } } }));
  assert.deepEqual([regression.metric, regression.ensemble.val, regression.ensemble.test], ['r2', 0.75, null]);
});

test('cost: parameters, FLOPs, bytes and latency in one line', () => {
  assert.equal(costLine(ensemble([])), '300 parameters · 600 FLOPs per sample · 4,000 bytes · 1.5 ms per batch of 32 (cpu)');
  assert.equal(costLine({ size: null, paramCount: 12345, flops: 0 }), '12.3K parameters');
});

test('a run delete confirmation names the ensembles the run leaves, and counts those not named', () => {
  assert.equal(runDeleteConfirmation('mlp 3', { total: 0, items: [] }), 'Delete run "mlp 3" with its metrics and model files?');
  const one = runDeleteConfirmation('mlp 3', { total: 1, items: [{ name: 'pair' }] });
  assert.match(one, /^Delete run "mlp 3".*\n\nIt is a member of 1 ensemble \(“pair”\): its merged model keeps the run's weights/);
  const many = runDeleteConfirmation('mlp 3', { total: 7, items: [{ name: 'a' }, { name: 'b' }] });
  assert.match(many, /It is a member of 7 ensembles \(“a”, “b” and 5 more\): their merged models keep/);
});
