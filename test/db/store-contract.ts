/**
 * The store contract suite: every guarantee of db/store.ts, checked through the
 * Store interface alone (no SQL), so that every backend runs the same suite.
 * A backend's test file calls `storeContract(name, factory)`; the factory gives
 * a fresh, empty backing store and can open several handles on it (as several
 * processes would).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { INTERRUPTED_EXPLANATION, INTERRUPTED_MESSAGE, INTERRUPTED_TRIAL_PREFIX, type EnsembleListQuery, type Owner, type Store, type StudyRow } from '../../db/store.ts';
import type { StoredMember } from '../../main/ensemble/types.ts';
import type { ExperimentStep } from '../../main/compression/types.ts';
import type { EpochDiagnostics, Summary } from '../../main/diagnose/types.ts';
import type { ExplainSettings, LocalExplanationResult } from '../../main/explain/request.ts';
import { makeDataset, makeRun } from './helpers.ts';

export type StoreFactory = () => Promise<{
  /** Opens a new handle on the same backing store (another process, as far as the store can tell). */
  open(): Promise<Store>;
  /** Removes the backing store; every handle is closed by then. */
  cleanup(): Promise<void>;
}>;

const at = '2026-03-01T00:00:00.000Z';
const isConflict = (e: unknown) => (e as { code?: string }).code === 'conflict';

export function makeStudy(id: string, over: Partial<StudyRow> = {}): StudyRow {
  return {
    id, name: `study ${id}`, datasetId: null, status: 'idle', directions: ['maximize'], objectives: [{ name: 'v', direction: 'maximize' }],
    sampler: { name: 'random', options: {} }, pruner: { kind: 'nop' }, space: { params: {} }, config: { a: 1 }, seed: 3, ownerId: null,
    createdAt: at, finishedAt: null, ...over,
  };
}

const owner = (id: string, over: Partial<Owner> = {}): Owner => ({
  id, pid: process.pid, host: 'test-host', label: 'test', startedMs: 1000, heartbeatMs: 1000, leaseMs: 60_000, ...over,
});

const step = (experimentId: string, n: number, over: Partial<ExperimentStep> = {}): ExperimentStep => ({
  experimentId, step: n, kind: n === 0 ? 'baseline' : 'pruned', label: `step ${n}`, status: 'completed', runId: null,
  config: { n }, metrics: { val: { accuracy: 0.9 } }, error: null, createdAt: at, finishedAt: null,
  size: { paramCount: 100 - n, nonZeroParams: 50, flops: 1000, bytes: 800, weightBytes: 400, gzipBytes: 200, latency: null },
  sparsity: null, ...over,
});


const summary = (mean: number): Summary => ({
  count: 10, nonFinite: 0, mean, std: 1, min: -1, max: 2, quantiles: [-1, -0.5, 0, 0.5, 1, 1.5, 2], histogram: { lo: -1, width: 0.5, counts: [1, 2, 3, 4] }, sampled: 10,
});

/** One epoch's diagnostics with a non-finite gradient norm and update ratio (what an exploding run records). */
export const makeDiagnostics = (epoch: number, gradNorm = 1): EpochDiagnostics => ({
  epoch, loss: 0.5 / epoch, gradNorm,
  layers: [{
    layer: 'dense_1', className: 'Dense', activation: 'relu', units: 16, params: 80, weights: summary(0.1), gradients: summary(NaN), activations: summary(0.3),
    weightNorm: 2, gradNorm, updateRatio: epoch === 1 ? null : 1e-3, deadFraction: 0.25, saturatedFraction: null,
  }],
});

const explainSettings = (count: number): ExplainSettings => ({
  method: 'kernel-shap', requested: 'shap', split: 'val', first: 0, count, target: 'predicted', background: 10, options: { samples: 100 },
});

const localResult = (prediction: number): LocalExplanationResult => ({
  kind: 'local', method: 'kernel-shap', note: null, features: ['a', 'b'], inputShape: [2], task: 'classification', classes: ['x', 'y'],
  rows: [{ index: 0, target: 1, prediction, base: 0.5, attributions: [0.25, -0.125], additivityGap: 0, values: [1, 2], label: 1 }],
  details: { coalitions: 2, fidelity: [1] },
});

export function storeContract(name: string, factory: StoreFactory): void {
  describe(`store contract: ${name}`, () => {
    let backing: Awaited<ReturnType<StoreFactory>>;
    let store: Store;
    let other: Store;
    before(async () => {
      backing = await factory();
      store = await backing.open();
      other = await backing.open();
      await store.datasets.insert(makeDataset('ds1', { name: 'Iris' }));
    });
    after(async () => {
      await store.close();
      await other.close();
      await backing.cleanup();
    });

    describe('datasets', () => {
      test('round trip; the list is newest first and hides dir; byName finds every match', async () => {
        const meta = makeDataset('ds2', {
          name: 'Digits', source: 'idx', inputShape: [8, 8, 1], featureNames: [], createdAt: '2026-03-02T00:00:00.000Z',
          // What the import decided and warned about round-trips too.
          info: { encoding: 'windows-1252', delimiter: ';', missing: { rule: 'mean', rowsDropped: 1, cellsFilled: 2, columns: [{ name: 'a', missing: 2, fill: 1.5 }] } },
          warnings: ['read as Windows-1252'],
        });
        await store.datasets.insert(meta);
        await store.datasets.insert(makeDataset('ds2b', { name: 'Digits', createdAt: '2026-03-03T00:00:00.000Z' }));
        assert.deepEqual(await store.datasets.get('ds2'), meta);
        const listed = await store.datasets.list();
        assert.deepEqual(listed.map((d) => d.id).slice(0, 3), ['ds2b', 'ds2', 'ds1']);
        assert.equal('dir' in listed[0], false);
        assert.deepEqual((await store.datasets.byName('Digits')).map((d) => d.id), ['ds2b', 'ds2']);
        assert.deepEqual(await store.datasets.byName('nope'), []);
        await store.datasets.delete('ds2');
        await store.datasets.delete('ds2b');
        assert.equal(await store.datasets.get('ds2'), undefined);
      });

      test('a dataset with runs cannot be deleted (conflict), and nothing changes', async () => {
        await store.datasets.insert(makeDataset('ds3'));
        await store.runs.insert({ record: makeRun('r-ds3', 'ds3'), artifactDir: '/runs/r-ds3', ownerId: null });
        await assert.rejects(store.datasets.delete('ds3'), (e) => isConflict(e) && /1 run\b/.test((e as Error).message));
        assert.ok(await store.datasets.get('ds3'));
        await store.runs.delete('r-ds3');
        await store.datasets.delete('ds3');
      });

      test('insertUnique: handles inserting one base name at once get distinct names; a taken explicit name is refused', async () => {
        const ids = Array.from({ length: 12 }, (_, i) => `wine-${i}`);
        const names = await Promise.all(ids.map((id, i) => (i % 2 ? store : other).datasets.insertUnique(makeDataset(id, { name: 'Wine' }), { explicit: false })));
        const expected = ['Wine', ...Array.from({ length: 11 }, (_, i) => `Wine (${i + 2})`)];
        assert.deepEqual([...names].sort(), [...expected].sort());
        // Each row holds the name its insert reported.
        for (const [i, id] of ids.entries()) assert.equal((await other.datasets.get(id))?.name, names[i]);

        const first = ids[names.indexOf('Wine')];
        await assert.rejects(
          other.datasets.insertUnique(makeDataset('wine-explicit', { name: 'Wine' }), { explicit: true }),
          (e) => isConflict(e) && (e as Error).message === `A dataset named 'Wine' already exists (${first}); choose another name, e.g. 'Wine (13)'.` &&
            JSON.stringify((e as { details?: unknown }).details) === JSON.stringify({ ids: [first] }),
        );
        assert.equal(await store.datasets.get('wine-explicit'), undefined);
        assert.equal(await store.datasets.insertUnique(makeDataset('wine-free', { name: 'Wine red' }), { explicit: true }), 'Wine red');
        for (const id of [...ids, 'wine-free']) await store.datasets.delete(id);
      });
    });

    describe('runs and metrics', () => {
      test('insert/get preserve every RunRecord field; getMany keeps the order asked', async () => {
        const run = makeRun('r1', 'ds1');
        await store.runs.insert({ record: run, artifactDir: '/runs/r1', ownerId: 'owner-x' });
        assert.deepEqual(await store.runs.get('r1'), { ...run, datasetName: 'Iris', ownerId: 'owner-x' });
        assert.equal(await store.runs.artifactDir('r1'), '/runs/r1');
        assert.equal(await store.runs.owner('r1'), 'owner-x');
        assert.equal(await store.runs.get('missing'), undefined);
        assert.equal(await store.runs.artifactDir('missing'), undefined);
        await store.runs.insert({ record: makeRun('r1b', 'ds1'), artifactDir: '/runs/r1b', ownerId: null });
        assert.deepEqual((await store.runs.getMany(['r1b', 'missing', 'r1'])).map((r) => r.id), ['r1b', 'r1']);
      });

      test('nullable fields and non-finite metrics survive', async () => {
        const run = makeRun('r2', 'ds1', {
          status: 'diverged', backend: null, startedAt: null, finishedAt: null, durationMs: null, error: 'loss became NaN',
          metrics: { train: { loss: NaN }, val: { loss: Infinity, accuracy: -Infinity } }, tags: [], notes: '', versions: {},
        });
        await store.runs.insert({ record: run, artifactDir: '/runs/r2', ownerId: null });
        assert.deepEqual(await store.runs.get('r2'), { ...run, datasetName: 'Iris', ownerId: null });
      });

      test('update writes only the given fields; a missing run is a no-op', async () => {
        await store.runs.insert({ record: makeRun('r3', 'ds1', { status: 'queued', metrics: {}, startedAt: null }), artifactDir: '/runs/r3', ownerId: null });
        const before = (await store.runs.get('r3'))!;
        await store.runs.update('r3', { status: 'running', startedAt: '2026-02-02T00:00:00.000Z', backend: 'wasm' });
        const mid = (await store.runs.get('r3'))!;
        assert.deepEqual(mid, { ...before, status: 'running', startedAt: '2026-02-02T00:00:00.000Z', backend: 'wasm' });
        const metrics = { val: { accuracy: 0.5, f1: 0.4, loss: 1.5 }, test: { accuracy: 0.45 } };
        await store.runs.update('r3', { metrics, tags: ['x', 'y'], notes: 'n', name: 'renamed', id: 'ignored', datasetName: 'ignored' });
        const done = (await store.runs.get('r3'))!;
        assert.deepEqual(done, { ...mid, metrics, tags: ['x', 'y'], notes: 'n', name: 'renamed' });
        await store.runs.update('r3', {});
        await store.runs.update('does-not-exist', { notes: 'x' });
        assert.deepEqual(await store.runs.get('r3'), done);
        await store.runs.update('r3', { status: 'completed' });
      });

      test('the GPU adapter and the backends tried round-trip on insert and update; null stays null, never written stays absent', async () => {
        const adapter = { vendor: 'nvidia', architecture: 'ampere', device: 'NVIDIA GeForce RTX 3080', description: 'NVIDIA: 550.54', software: false };
        const tried = [
          { name: 'tensorflow', available: false, reason: '@tensorflow/tfjs-node-gpu not installed (optional dependency)' },
          { name: 'webgpu', available: true, reason: 'auto: the first that works; nvidia ampere passed the self-test' },
        ];
        await store.runs.insert({ record: makeRun('r-gpu', 'ds1', { status: 'queued', backend: null, startedAt: null }), artifactDir: '/runs/r-gpu', ownerId: null });
        const queued = (await store.runs.get('r-gpu'))!;
        assert.equal('adapter' in queued, false, 'a run whose adapter was never written has none (runs stored before adapters were recorded read the same)');
        assert.equal('backendsTried' in queued, false);

        // What the run lifecycle writes when the worker reports 'started'.
        await store.runs.update('r-gpu', { status: 'running', backend: 'webgpu', adapter, backendsTried: tried });
        const running = { ...queued, status: 'running' as const, backend: 'webgpu', adapter, backendsTried: tried };
        assert.deepEqual(await store.runs.get('r-gpu'), running);
        assert.deepEqual(await other.runs.get('r-gpu'), running, 'another handle reads the same');
        assert.deepEqual((await store.runs.getMany(['r-gpu']))[0], running);
        const listed = (await store.runs.list({ offset: 0, limit: 200, sort: 'createdAt', order: 'desc' })).items.find((r) => r.id === 'r-gpu');
        assert.deepEqual(listed, running);
        await store.runs.update('r-gpu', { notes: 'other fields leave them alone' });
        assert.deepEqual(await store.runs.get('r-gpu'), { ...running, notes: 'other fields leave them alone' });

        // A run on wasm: no adapter (null, not absent) and nothing skipped.
        await store.runs.update('r-gpu', { backend: 'wasm', adapter: null, backendsTried: [] });
        const wasm = (await store.runs.get('r-gpu'))!;
        assert.equal(wasm.adapter, null);
        assert.deepEqual(wasm.backendsTried, []);

        const inserted = makeRun('r-gpu2', 'ds1', { backend: 'webgpu', adapter: { ...adapter, software: true }, backendsTried: tried.slice(0, 1) });
        await store.runs.insert({ record: inserted, artifactDir: '/runs/r-gpu2', ownerId: null });
        assert.deepEqual(await store.runs.get('r-gpu2'), { ...inserted, datasetName: 'Iris', ownerId: null });
        await store.runs.delete('r-gpu');
        await store.runs.delete('r-gpu2');
      });

      test('lineage is stored and cleared when the parent goes', async () => {
        await store.runs.insert({ record: makeRun('parent', 'ds1'), artifactDir: '/runs/parent', ownerId: null });
        await store.runs.insert({ record: makeRun('child', 'ds1'), artifactDir: '/runs/child', ownerId: null, lineage: { parentRunId: 'parent', relation: 'fine-tuned' } });
        assert.deepEqual(await store.runs.lineage('child'), { parentRunId: 'parent', relation: 'fine-tuned' });
        await store.runs.delete('parent');
        assert.equal(await store.runs.lineage('child'), undefined);
        assert.ok(await store.runs.get('child'));
      });

      test('metrics: NaN survives, re-reported points replace, an unknown run is refused, delete cascades', async () => {
        await store.runs.insert({ record: makeRun('r5', 'ds1'), artifactDir: '/runs/r5', ownerId: null });
        await store.metrics.append('r5', [{ epoch: 0, split: 'train', name: 'loss', value: NaN }]);
        await store.metrics.append('r5', [{ epoch: 1, split: 'train', name: 'loss', value: 0.5 }, { epoch: 1, split: 'train', name: 'loss', value: 0.4 }]);
        await store.metrics.append('r5', []);
        const points = await store.metrics.get('r5');
        assert.equal(points.length, 2);
        assert.ok(Number.isNaN(points[0].value));
        assert.equal(points[1].value, 0.4);
        await assert.rejects(store.metrics.append('no-such-run', [{ epoch: 0, split: 'train', name: 'loss', value: 1 }]));
        await store.runs.delete('r5');
        assert.deepEqual(await store.metrics.get('r5'), []);
      });

      test('metrics are thinned to exactly maxPoints per series, first and last kept', async () => {
        await store.runs.insert({ record: makeRun('r6', 'ds1'), artifactDir: '/runs/r6', ownerId: null });
        const points = Array.from({ length: 1000 }, (_, e) => ({ epoch: e + 1, split: 'val' as const, name: 'loss', value: 1 / (e + 1) }));
        await store.metrics.append('r6', points);
        const thin = await store.metrics.get('r6', 50);
        assert.equal(thin.length, 50);
        assert.equal(thin[0].epoch, 1);
        assert.equal(thin.at(-1)!.epoch, 1000);
      });

      test('a batch is atomic: a batch with a bad point stores nothing', async () => {
        await store.runs.insert({ record: makeRun('r7', 'ds1'), artifactDir: '/runs/r7', ownerId: null });
        const bad = [{ epoch: 1, split: 'train', name: 'loss', value: 1 }, { epoch: 2, split: 'nonsense', name: 'loss', value: 1 }];
        await assert.rejects(store.metrics.append('r7', bad as never));
        assert.deepEqual(await store.metrics.get('r7'), []);
      });

      test('list pages, sorts, filters and searches', async () => {
        for (let i = 0; i < 12; i++) {
          await store.runs.insert({
            record: makeRun(`lr${i}`, 'ds1', { name: `list-run ${i}`, createdAt: `2026-04-01T00:00:${String(i).padStart(2, '0')}.000Z`, status: i % 3 ? 'completed' : 'failed', metrics: { val: { accuracy: i / 20 } } }),
            artifactDir: `/runs/lr${i}`, ownerId: null,
          });
        }
        const page = await store.runs.list({ offset: 2, limit: 3, sort: 'createdAt', order: 'desc', search: 'list-run' });
        assert.equal(page.total, 12);
        assert.deepEqual(page.items.map((r) => r.id), ['lr9', 'lr8', 'lr7']);
        const failed = await store.runs.list({ offset: 0, limit: 50, sort: 'valAccuracy', order: 'desc', status: 'failed', search: 'list-run' });
        assert.deepEqual(failed.items.map((r) => r.id), ['lr9', 'lr6', 'lr3', 'lr0']);
      });

      test('regression runs sort by val R² and val MSE (NULLs last both ways); a pruned run is its own status', async () => {
        const runs: { id: string; val: Record<string, number> }[] = [
          { id: 'rg_a', val: { r2: 0.9, mse: 0.1 } }, { id: 'rg_b', val: { r2: -0.5, mse: 2 } }, { id: 'rg_c', val: { r2: 0.4, mse: 0.7 } },
          { id: 'rg_d', val: { accuracy: 0.8 } }, { id: 'rg_e', val: { r2: 0.95, mse: Number.POSITIVE_INFINITY } },
        ];
        for (const [i, r] of runs.entries()) {
          await store.runs.insert({ record: makeRun(r.id, 'ds1', { name: `regress ${r.id}`, createdAt: `2026-05-01T00:00:0${i}.000Z`, metrics: { val: r.val } }), artifactDir: `/runs/${r.id}`, ownerId: null });
        }
        const ids = async (sort: 'valR2' | 'valMse', order: 'asc' | 'desc') =>
          (await store.runs.list({ offset: 0, limit: 50, sort, order, search: 'regress rg_' })).items.map((r) => r.id);
        assert.deepEqual(await ids('valR2', 'desc'), ['rg_e', 'rg_a', 'rg_c', 'rg_b', 'rg_d']);
        assert.deepEqual(await ids('valR2', 'asc'), ['rg_b', 'rg_c', 'rg_a', 'rg_e', 'rg_d']);
        // A non-finite MSE is no value to sort by: last, like a missing one (inserted order breaks the tie).
        assert.deepEqual(await ids('valMse', 'asc'), ['rg_a', 'rg_c', 'rg_b', 'rg_d', 'rg_e']);
        assert.deepEqual(await ids('valMse', 'desc'), ['rg_b', 'rg_c', 'rg_a', 'rg_e', 'rg_d']);
        // Metrics arriving with the final state update the sort columns too.
        await store.runs.update('rg_d', { metrics: { val: { r2: 0.99, mse: 0.01 } }, status: 'pruned', error: 'pruned at epoch 2' });
        assert.deepEqual((await ids('valR2', 'desc'))[0], 'rg_d');
        const pruned = await store.runs.list({ offset: 0, limit: 50, sort: 'createdAt', order: 'desc', status: 'pruned', search: 'regress rg_' });
        assert.deepEqual(pruned.items.map((r) => [r.id, r.status, r.error]), [['rg_d', 'pruned', 'pruned at epoch 2']]);
      });
    });

    describe('studies and trials', () => {
      test('study insert, get, search, update, delete cascades to its trials', async () => {
        await store.studies.insert(makeStudy('s1', { name: 'Study One' }));
        assert.equal((await store.studies.get('s1'))?.seed, 3);
        assert.equal((await store.studies.list({ offset: 0, limit: 10, search: 'one' })).total, 1);
        assert.equal((await store.studies.list({ offset: 0, limit: 10, search: 'zzz' })).total, 0);
        assert.deepEqual((await store.studies.list({ offset: 0, limit: 10, search: 'one', status: 'idle' })).items.map((r) => r.id), ['s1']);
        assert.equal((await store.studies.list({ offset: 0, limit: 10, search: 'one', status: 'running' })).total, 0);
        await store.studies.update('s1', { status: 'stopped', name: 'Renamed' });
        assert.equal((await store.studies.get('s1'))?.name, 'Renamed');
        await store.trials.create('s1', { params: { x: 1 }, worker: 0, retryOf: null, startedAt: at, ownerId: null });
        await store.studies.delete('s1');
        assert.equal(await store.studies.get('s1'), undefined);
        assert.equal((await store.trials.counts('s1')).total, 0);
      });

      test('trial numbers are allocated atomically across handles: no number twice', async () => {
        await store.studies.insert(makeStudy('s2'));
        const made = await Promise.all(Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? store : other).trials.create('s2', { params: { i }, worker: null, retryOf: null, startedAt: at, ownerId: null })));
        assert.deepEqual([...made].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i));
      });

      test('report, finish (only once), frozen history, counts, running with owners, paged sort and filter', async () => {
        await store.studies.insert(makeStudy('s3'));
        for (let n = 0; n < 6; n++) {
          const number = await store.trials.create('s3', { params: { x: n, c: n % 2 ? 'a' : 'b' }, worker: n % 2, retryOf: null, startedAt: `2026-01-01T00:00:0${n}.000Z`, ownerId: n === 5 ? 'o-5' : null });
          assert.equal(number, n);
          await store.trials.report('s3', n, 1, n / 10);
          await store.trials.report('s3', n, 2, n / 5);
        }
        const fin = (state: 'complete' | 'pruned' | 'failed', values: number[] | null, error: string | null, durationMs: number | null) => ({ state, values, error, finishedAt: at, durationMs });
        assert.equal(await store.trials.finish('s3', 0, fin('complete', [0.5], null, 5)), true);
        assert.equal(await store.trials.finish('s3', 1, fin('complete', [0.9], null, 7)), true);
        assert.equal(await store.trials.finish('s3', 2, fin('pruned', null, 'pruned at step 2', 1)), true);
        assert.equal(await store.trials.finish('s3', 3, fin('failed', null, 'interrupted: x', null)), true);
        assert.equal(await store.trials.finish('s3', 1, fin('failed', null, 'late', null)), false, 'a finished trial is not finished again');
        assert.equal((await store.trials.get('s3', 1))?.state, 'complete');
        assert.deepEqual(await store.trials.counts('s3'), { total: 6, running: 2, complete: 2, pruned: 1, failed: 1 });
        assert.deepEqual(await store.trials.running('s3'), [{ number: 4, ownerId: null }, { number: 5, ownerId: 'o-5' }]);
        const frozen = await store.trials.frozen('s3');
        assert.deepEqual(frozen[1], { number: 1, state: 'complete', params: { x: 1, c: 'a' }, intermediate: { 1: 0.1, 2: 0.2 }, values: [0.9] });
        assert.deepEqual(await other.trials.frozen('s3', 4), frozen.slice(4), 'from a number on: what a shared study re-reads');
        const byValue = await store.trials.list('s3', { offset: 0, limit: 10, sort: 'value', order: 'desc', objective: 0 });
        assert.deepEqual(byValue.items.map((t) => t.number), [1, 0, 2, 3, 4, 5], 'NULL values last');
        const page = await store.trials.list('s3', { offset: 1, limit: 2, sort: 'number', order: 'asc', objective: 0, states: ['running', 'pruned'] });
        assert.equal(page.total, 3);
        assert.deepEqual(page.items.map((t) => t.number), [4, 5]);
        const t2 = (await store.trials.get('s3', 2))!;
        assert.equal(t2.lastStep, 2);
        assert.equal(t2.lastValue, 0.4);
        assert.deepEqual((await store.trials.intermediate('s3', [5])).get(5), { steps: [1, 2], values: [0.5, 1] });
        await store.trials.finish('s3', 5, fin('failed', null, 'done with it', null));
      });

      test('claimNext: many workers at once get exactly nTrials trials; an interrupted one is re-run exactly once', async () => {
        await store.studies.insert(makeStudy('s-claim'));
        const ask = (s: Store, i: number) =>
          s.trials.claimNext('s-claim', { params: { i }, worker: i, retryOf: null, startedAt: at, ownerId: `w${i % 3}` }, 5);
        const first = await Promise.all(Array.from({ length: 12 }, (_, i) => ask(i % 2 ? store : other, i)));
        const got = first.filter((c) => c !== null);
        assert.deepEqual(got.map((c) => c.number).sort((a, b) => a - b), [0, 1, 2, 3, 4], 'five trials, unique numbers, no more');
        assert.ok(got.every((c) => c.retryOf === null));
        for (const c of got) assert.deepEqual((await store.trials.get('s-claim', c.number))?.params, c.params);
        // Trial 2's worker died: the sweep failed it as interrupted. It does not count; its re-run does.
        const fin = (error: string | null) => ({ state: 'failed' as const, values: null, error, finishedAt: at, durationMs: null });
        await store.trials.finish('s-claim', 2, fin(`${INTERRUPTED_TRIAL_PREFIX}worker gone`));
        await store.trials.finish('s-claim', 3, fin('a real failure'));
        const second = await Promise.all(Array.from({ length: 8 }, (_, i) => ask(i % 2 ? store : other, 100 + i)));
        const retries = second.filter((c) => c !== null);
        assert.equal(retries.length, 1, 'exactly one worker re-runs the interrupted trial; nothing else fits in nTrials');
        assert.equal(retries[0]!.retryOf, 2);
        assert.deepEqual(retries[0]!.params, got.find((c) => c.number === 2)!.params);
        assert.equal((await store.trials.get('s-claim', retries[0]!.number))?.retryOf, 2);
        assert.equal(await ask(store, 200), null);
        assert.deepEqual(await store.trials.retried('s-claim'), new Set([2]));
        for (const t of await store.trials.running('s-claim')) await store.trials.finish('s-claim', t.number, fin('done'));
      });

      test('claim: one owner runs a study; a registered other owner keeps it; a gone one does not', async () => {
        await store.studies.insert(makeStudy('s4'));
        await store.owners.register(owner('claim-a'));
        await store.owners.register(owner('claim-b'));
        assert.equal(await store.studies.claim('s4', 'claim-a'), true);
        assert.equal((await store.studies.get('s4'))?.status, 'running');
        assert.equal(await other.studies.claim('s4', 'claim-b'), false);
        assert.equal(await store.studies.claim('s4', 'claim-a'), true, 'the holder may claim again');
        await store.owners.release('claim-a');
        assert.equal(await other.studies.claim('s4', 'claim-b'), true);
        assert.equal((await store.studies.get('s4'))?.ownerId, 'claim-b');
        await store.owners.release('claim-b');
        await store.studies.update('s4', { status: 'stopped' });
      });
    });

    describe('experiments', () => {
      test('experiments and steps round-trip; delete removes the steps', async () => {
        await store.runs.insert({ record: makeRun('run_base', 'ds1'), artifactDir: '/runs/run_base', ownerId: null });
        await store.experiments.create({ id: 'exp_1', name: 'prune', kind: 'prune', baseRunId: 'run_base', config: { targetSparsity: 0.5 }, createdAt: at, ownerId: 'o-exp' });
        await store.experiments.putStep(step('exp_1', 0, { runId: 'run_base' }));
        await store.experiments.putStep(step('exp_1', 1, { status: 'running', accepted: true }));
        const got = (await store.experiments.get('exp_1'))!;
        assert.equal(got.status, 'running');
        assert.deepEqual(got.config, { targetSparsity: 0.5 });
        assert.equal(got.stepCount, 2);
        assert.deepEqual(got.steps[0], step('exp_1', 0, { runId: 'run_base' }));
        assert.equal(got.steps[1].accepted, true);
        assert.equal(await store.experiments.owner('exp_1'), 'o-exp');
        await store.experiments.setStatus('exp_1', 'completed', { bestStep: 1, error: null, finished: true });
        const done = (await store.experiments.list()).find((e) => e.id === 'exp_1')!;
        assert.equal(done.status, 'completed');
        assert.equal(done.bestStep, 1);
        assert.ok(done.finishedAt);
        await store.experiments.setStatus('exp_1', 'completed', { finished: '2025-12-24T10:00:00.000Z' });
        assert.equal((await store.experiments.get('exp_1'))?.finishedAt, '2025-12-24T10:00:00.000Z', 'a known finish time is kept');
        await store.experiments.delete('exp_1');
        assert.equal(await store.experiments.get('exp_1'), undefined);
      });
    });

    describe('ensembles', () => {
      const member = (position: number, over: Partial<StoredMember> = {}): StoredMember => ({
        position, runId: null, role: 'member', fold: null, stage: null, weight: 0, featureMask: null, ...over,
      });

      test('create, member slots joined with their runs, status with every patch field, list, byRun, delete', async () => {
        await store.runs.insert({ record: makeRun('ens-m1', 'ds1'), artifactDir: '/runs/ens-m1', ownerId: null });
        await store.runs.insert({ record: makeRun('ens-m2', 'ds1', { metrics: { val: { accuracy: 0.8, loss: Number.NaN } } }), artifactDir: '/runs/ens-m2', ownerId: null });
        await store.ensembles.create({ id: 'ens_1', name: 'bag of two', method: 'bagging', datasetId: 'ds1', config: { members: 2 }, createdAt: at, ownerId: 'o-ens' });
        const fresh = (await store.ensembles.get('ens_1'))!;
        assert.equal(fresh.status, 'running');
        assert.equal(fresh.datasetName, 'Iris');
        assert.equal(fresh.task, 'classification');
        assert.deepEqual(fresh.members, []);
        assert.deepEqual(fresh.report, {});
        assert.equal(fresh.combiner, null);
        assert.equal(await store.ensembles.owner('ens_1'), 'o-ens');

        // A slot is written when its run starts and replaced when it ends.
        await store.ensembles.putMember('ens_1', member(1, { runId: 'ens-m2', featureMask: [1, 0, 1, 1] }));
        await store.ensembles.putMember('ens_1', member(0, { runId: 'ens-m1' }));
        await store.ensembles.putMember('ens_1', member(0, { runId: 'ens-m1', weight: 0.25 }));
        const metrics = { val: { accuracy: 0.9, loss: 0.3, f1: 0.88 }, test: { accuracy: 0.85, loss: Number.NaN } };
        const combiner = { kind: 'linear' as const, weights: [0.5, 0.5] };
        const report = { outOfBag: { metric: 'accuracy', value: 0.8, loss: 0.2, coveredRows: 90 }, notes: ['n'] };
        const size = { paramCount: 200, nonZeroParams: 200, flops: 400, bytes: 900, weightBytes: 800, gzipBytes: 700, latency: null };
        await store.ensembles.setStatus('ens_1', 'completed', {
          finished: true, error: null, metrics, combiner, report, size, paramCount: 200, flops: 400,
          weights: [{ position: 0, weight: 0.5 }, { position: 1, weight: 0.5 }],
        });
        const done = (await other.ensembles.get('ens_1'))!;
        assert.equal(done.status, 'completed');
        assert.ok(done.finishedAt && done.durationMs !== null && done.durationMs >= 0);
        assert.ok(Number.isNaN(done.metrics.test?.loss), 'a NaN metric survives');
        assert.deepEqual({ ...done.metrics, test: { accuracy: done.metrics.test?.accuracy } }, { ...metrics, test: { accuracy: 0.85 } });
        assert.deepEqual(done.combiner, combiner);
        assert.deepEqual(done.report, report);
        assert.deepEqual(done.size, size);
        assert.equal(done.paramCount, 200);
        assert.equal(done.memberCount, 2);
        assert.deepEqual(done.members.map((m) => [m.position, m.runId, m.weight, m.runName, m.runStatus]), [
          [0, 'ens-m1', 0.5, 'run ens-m1', 'completed'],
          [1, 'ens-m2', 0.5, 'run ens-m2', 'completed'],
        ]);
        assert.deepEqual(done.members[1].featureMask, [1, 0, 1, 1]);
        assert.equal(done.members[0].metrics?.val?.accuracy, 0.95);
        assert.ok(Number.isNaN(done.members[1].metrics?.val?.loss));
        assert.deepEqual(await store.ensembles.byRun('ens-m2'), [{ id: 'ens_1', name: 'bag of two' }]);

        // Deleting a member run keeps its slot and weight (the ensemble's model still holds its weights).
        await store.runs.delete('ens-m2');
        const after = (await store.ensembles.get('ens_1'))!;
        assert.deepEqual(after.members.map((m) => [m.position, m.runId, m.weight]), [[0, 'ens-m1', 0.5], [1, null, 0.5]]);
        assert.equal(after.members[1].runName, null);

        await store.ensembles.delete('ens_1');
        assert.equal(await store.ensembles.get('ens_1'), undefined);
        assert.deepEqual(await store.ensembles.byRun('ens-m1'), []);
        assert.equal((await store.runs.get('ens-m1'))?.id, 'ens-m1', 'member runs stay');
      });

      test('the list pages, sorts (NULLs last both ways), filters and searches', async () => {
        const make = async (id: string, name: string, createdAt: string, accuracy: number | null, status: 'completed' | 'failed') => {
          await store.ensembles.create({ id, name, method: 'voting', datasetId: 'ds1', config: {}, createdAt, ownerId: null });
          await store.ensembles.setStatus(id, status, { metrics: accuracy === null ? {} : { val: { accuracy } } });
        };
        await make('el_a', 'Alpha vote', '2026-04-01T00:00:00.000Z', 0.7, 'completed');
        await make('el_b', 'beta vote', '2026-04-02T00:00:00.000Z', 0.9, 'completed');
        await make('el_c', 'gamma', '2026-04-03T00:00:00.000Z', null, 'failed');
        const ids = async (q: Partial<EnsembleListQuery>) =>
          (await store.ensembles.list({ offset: 0, limit: 50, sort: 'createdAt', order: 'desc', ...q })).items.map((e) => e.id).filter((id) => id.startsWith('el_'));
        assert.deepEqual(await ids({}), ['el_c', 'el_b', 'el_a']);
        assert.deepEqual(await ids({ sort: 'valAccuracy', order: 'desc' }), ['el_b', 'el_a', 'el_c']);
        assert.deepEqual(await ids({ sort: 'valAccuracy', order: 'asc' }), ['el_a', 'el_b', 'el_c']);
        assert.deepEqual(await ids({ sort: 'name', order: 'asc' }), ['el_a', 'el_b', 'el_c']);
        assert.deepEqual(await ids({ status: 'failed' }), ['el_c']);
        assert.deepEqual(await ids({ search: 'VOTE' }), ['el_b', 'el_a']);
        assert.deepEqual(await ids({ search: '%' }), []);
        const page = await store.ensembles.list({ offset: 1, limit: 1, sort: 'createdAt', order: 'desc', search: 'vote' });
        assert.equal(page.total, 2);
        assert.deepEqual(page.items.map((e) => e.id), ['el_a']);
        for (const id of ['el_a', 'el_b', 'el_c']) await store.ensembles.delete(id);
      });

      test('memberRunId lists the ensembles a run is a member of, in any role, paged like the rest, and no longer after its slot went', async () => {
        await store.runs.insert({ record: makeRun('mr-shared', 'ds1'), artifactDir: '/runs/mr-shared', ownerId: null });
        await store.runs.insert({ record: makeRun('mr-other', 'ds1'), artifactDir: '/runs/mr-other', ownerId: null });
        const make = async (id: string, createdAt: string, slots: StoredMember[]) => {
          await store.ensembles.create({ id, name: `member of ${id}`, method: 'stacking', datasetId: 'ds1', config: {}, createdAt, ownerId: null });
          for (const slot of slots) await store.ensembles.putMember(id, slot);
        };
        await make('mr_a', '2026-04-05T00:00:00.000Z', [member(0, { runId: 'mr-shared', weight: 0.5 }), member(1, { runId: 'mr-other', weight: 0.5 })]);
        // Twice in one ensemble (a final member and a fold model): listed once.
        await make('mr_b', '2026-04-06T00:00:00.000Z', [member(0, { runId: 'mr-shared', role: 'final' }), member(2, { runId: 'mr-shared', role: 'fold', fold: 0 })]);
        await make('mr_c', '2026-04-07T00:00:00.000Z', [member(0, { runId: 'mr-other' })]);
        const list = (q: Partial<EnsembleListQuery>) => store.ensembles.list({ offset: 0, limit: 50, sort: 'createdAt', order: 'desc', ...q });
        const shared = await list({ memberRunId: 'mr-shared' });
        assert.equal(shared.total, 2);
        assert.deepEqual(shared.items.map((e) => e.id), ['mr_b', 'mr_a']);
        assert.deepEqual(shared.items.map((e) => ({ id: e.id, name: e.name })), [...(await store.ensembles.byRun('mr-shared'))].reverse(), 'the same ensembles as byRun');
        assert.deepEqual((await list({ memberRunId: 'mr-other', sort: 'name', order: 'asc' })).items.map((e) => e.id), ['mr_a', 'mr_c']);
        const second = await list({ memberRunId: 'mr-shared', offset: 1, limit: 1 });
        assert.deepEqual([second.total, second.items.map((e) => e.id)], [2, ['mr_a']]);
        assert.deepEqual((await list({ memberRunId: 'mr-shared', search: 'mr_a' })).items.map((e) => e.id), ['mr_a']);
        assert.equal((await list({ memberRunId: 'no-such-run' })).total, 0);
        // A deleted member run leaves its slot with no run: the ensemble is no longer listed for it.
        await store.runs.delete('mr-other');
        assert.equal((await list({ memberRunId: 'mr-other' })).total, 0);
        for (const id of ['mr_a', 'mr_b', 'mr_c']) await store.ensembles.delete(id);
      });
    });

    describe('diagnostics', () => {
      test('records round-trip in epoch order with non-finite numbers; an epoch written again is replaced; thinning keeps first and last', async () => {
        await store.runs.insert({ record: makeRun('dg1', 'ds1'), artifactDir: '/runs/dg1', ownerId: null });
        for (const epoch of [3, 1, 2, 4, 5, 6, 7]) await store.diagnostics.put('dg1', makeDiagnostics(epoch, epoch === 7 ? Infinity : 1));
        await store.diagnostics.put('dg1', makeDiagnostics(2, 42));
        const all = await other.diagnostics.get('dg1');
        assert.deepEqual(all.map((d) => d.epoch), [1, 2, 3, 4, 5, 6, 7]);
        assert.deepEqual(all[0], makeDiagnostics(1));
        assert.equal(all[1].gradNorm, 42);
        assert.equal(all[6].gradNorm, Infinity);
        assert.ok(Number.isNaN(all[6].layers[0].gradients?.mean));
        assert.deepEqual(await other.diagnostics.epochs('dg1'), [1, 2, 3, 4, 5, 6, 7]);
        assert.deepEqual((await other.diagnostics.get('dg1', 3)).map((d) => d.epoch), [1, 4, 7]);
        assert.deepEqual((await other.diagnostics.get('dg1', 100)).length, 7);
        assert.deepEqual(await other.diagnostics.get('missing'), []);
      });

      test('deleting the run deletes its diagnostics', async () => {
        await store.runs.insert({ record: makeRun('dg2', 'ds1'), artifactDir: '/runs/dg2', ownerId: null });
        await store.diagnostics.put('dg2', makeDiagnostics(1));
        await store.runs.delete('dg2');
        assert.deepEqual(await store.diagnostics.epochs('dg2'), []);
      });
    });

    describe('explanations', () => {
      test('create running, finish once, find the newest completed one by settings, list newest first without results', async () => {
        await store.runs.insert({ record: makeRun('ex1', 'ds1'), artifactDir: '/runs/ex1', ownerId: null });
        const settings = explainSettings(5);
        await store.explanations.create({ id: 'e1', runId: 'ex1', settings, settingsKey: 'k5', createdAt: at, ownerId: 'owner-x' });
        const running = await other.explanations.get('e1');
        assert.deepEqual(running, {
          id: 'e1', runId: 'ex1', method: 'kernel-shap', settings, settingsKey: 'k5', status: 'running', error: null, createdAt: at,
          finishedAt: null, durationMs: null, ownerId: 'owner-x', result: null,
        });
        assert.equal(await other.explanations.owner('e1'), 'owner-x');
        assert.equal(await other.explanations.find('ex1', 'k5'), undefined, 'a running explanation is not reused');
        const result = localResult(0.625);
        assert.equal(await store.explanations.finish('e1', { status: 'completed', result, finishedAt: '2026-03-01T00:00:01.000Z', durationMs: 1000 }), true);
        assert.equal(await other.explanations.finish('e1', { status: 'failed', error: 'late', finishedAt: at, durationMs: 1 }), false, 'finished once');
        const found = await other.explanations.find('ex1', 'k5');
        assert.equal(found?.id, 'e1');
        assert.equal(found?.status, 'completed');
        assert.deepEqual(found?.result, result);
        assert.equal(found?.durationMs, 1000);
        // A newer completed one with the same settings wins; a failed one never does.
        await store.explanations.create({ id: 'e2', runId: 'ex1', settings, settingsKey: 'k5', createdAt: '2026-03-02T00:00:00.000Z', ownerId: null });
        await store.explanations.finish('e2', { status: 'completed', result: localResult(0.75), finishedAt: '2026-03-02T00:00:01.000Z', durationMs: 5 });
        await store.explanations.create({ id: 'e3', runId: 'ex1', settings, settingsKey: 'k5', createdAt: '2026-03-03T00:00:00.000Z', ownerId: null });
        await store.explanations.finish('e3', { status: 'failed', error: 'boom', finishedAt: '2026-03-03T00:00:01.000Z', durationMs: 5 });
        assert.equal((await other.explanations.find('ex1', 'k5'))?.id, 'e2');
        assert.equal(await other.explanations.find('ex1', 'other-key'), undefined);
        const page = await other.explanations.list({ runId: 'ex1', offset: 0, limit: 2 });
        assert.equal(page.total, 3);
        assert.deepEqual(page.items.map((e) => [e.id, e.status, e.error]), [['e3', 'failed', 'boom'], ['e2', 'completed', null]]);
        assert.equal('result' in page.items[0], false);
        assert.ok((await other.explanations.list({ offset: 0, limit: 100 })).total >= 3);
        await store.explanations.delete('e3');
        assert.equal(await other.explanations.get('e3'), undefined);
        assert.equal(await other.explanations.owner('e3'), undefined);
      });

      test('deleting the run deletes its explanations', async () => {
        await store.runs.insert({ record: makeRun('ex2', 'ds1'), artifactDir: '/runs/ex2', ownerId: null });
        await store.explanations.create({ id: 'e4', runId: 'ex2', settings: explainSettings(1), settingsKey: 'k1', createdAt: at, ownerId: null });
        await store.runs.delete('ex2');
        assert.equal(await store.explanations.get('e4'), undefined);
        assert.equal((await store.explanations.list({ runId: 'ex2', offset: 0, limit: 10 })).total, 0);
      });
    });

    describe('owners and the orphan sweep', () => {
      test('register, heartbeat, release; a heartbeat for a removed owner says so', async () => {
        await store.owners.register(owner('hb'));
        assert.equal(await store.owners.heartbeat('hb', 5000), true);
        assert.equal((await other.owners.list()).find((o) => o.id === 'hb')?.heartbeatMs, 5000);
        await store.owners.release('hb');
        assert.equal(await store.owners.heartbeat('hb', 6000), false);
        assert.equal((await store.owners.list()).some((o) => o.id === 'hb'), false);
      });

      test('the sweep interrupts only what no live owner holds, keeps metrics, spares ask/tell trials, and is idempotent', async () => {
        await store.owners.register(owner('live'));
        await store.owners.register(owner('dead'));
        const running = (id: string, ownerId: string | null) =>
          store.runs.insert({ record: makeRun(id, 'ds1', { status: 'running', finishedAt: null, error: null }), artifactDir: `/runs/${id}`, ownerId });
        await running('sw-live', 'live');
        await running('sw-dead', 'dead');
        await running('sw-none', null);
        await store.runs.insert({ record: makeRun('sw-queued', 'ds1', { status: 'queued', finishedAt: null, error: null }), artifactDir: '/runs/q', ownerId: 'dead' });
        await store.runs.insert({ record: makeRun('sw-done', 'ds1'), artifactDir: '/runs/d', ownerId: 'dead' });
        await store.metrics.append('sw-dead', [{ epoch: 1, split: 'val', name: 'loss', value: 0.3 }]);
        await store.studies.insert(makeStudy('sw-s', { status: 'running', ownerId: 'dead' }));
        await store.studies.insert(makeStudy('sw-s-live', { status: 'running', ownerId: 'live' }));
        const owned = await store.trials.create('sw-s', { params: {}, worker: 0, retryOf: null, startedAt: at, ownerId: 'dead' });
        const askTell = await store.trials.create('sw-s', { params: {}, worker: null, retryOf: null, startedAt: at, ownerId: null });
        await store.experiments.create({ id: 'sw-e', name: 'e', kind: 'prune', baseRunId: null, config: {}, createdAt: at, ownerId: 'dead' });
        await store.experiments.putStep(step('sw-e', 0));
        await store.experiments.putStep(step('sw-e', 1, { status: 'running' }));
        await store.ensembles.create({ id: 'sw-ens', name: 'e', method: 'bagging', datasetId: 'ds1', config: {}, createdAt: at, ownerId: 'dead' });
        await store.ensembles.putMember('sw-ens', { position: 0, runId: 'sw-done', role: 'member', fold: null, stage: null, weight: 0, featureMask: null });
        await store.ensembles.create({ id: 'sw-ens-live', name: 'e', method: 'bagging', datasetId: 'ds1', config: {}, createdAt: at, ownerId: 'live' });
        await store.explanations.create({ id: 'sw-x', runId: 'sw-done', settings: explainSettings(3), settingsKey: 'sw', createdAt: at, ownerId: 'dead' });
        await store.explanations.create({ id: 'sw-x-live', runId: 'sw-done', settings: explainSettings(3), settingsKey: 'sw', createdAt: at, ownerId: 'live' });
        const doneBefore = await store.runs.get('sw-done');

        const counts = await other.owners.interruptOrphans(['dead'], at);
        assert.deepEqual(counts, { runs: 3, studies: 1, experiments: 1, ensembles: 1, explanations: 1, trials: 1 });
        for (const id of ['sw-dead', 'sw-none', 'sw-queued']) {
          const r = (await store.runs.get(id))!;
          assert.equal(r.status, 'interrupted', id);
          assert.equal(r.error, INTERRUPTED_MESSAGE);
          assert.equal(r.finishedAt, at);
        }
        assert.equal((await store.runs.get('sw-live'))?.status, 'running');
        assert.deepEqual(await store.runs.get('sw-done'), doneBefore);
        assert.equal((await store.metrics.get('sw-dead')).length, 1, 'reported metrics are kept');
        assert.equal((await store.studies.get('sw-s'))?.status, 'interrupted');
        assert.equal((await store.studies.get('sw-s-live'))?.status, 'running');
        const swept = (await store.explanations.get('sw-x'))!;
        assert.deepEqual([swept.status, swept.error, swept.finishedAt], ['interrupted', INTERRUPTED_EXPLANATION, at]);
        assert.equal((await store.explanations.get('sw-x-live'))?.status, 'running');
        const trial = (await store.trials.get('sw-s', owned))!;
        assert.equal(trial.state, 'failed');
        assert.ok(trial.error?.startsWith(INTERRUPTED_TRIAL_PREFIX));
        assert.equal((await store.trials.get('sw-s', askTell))?.state, 'running', 'ask/tell trials have no owner and stay running');
        const exp = (await store.experiments.get('sw-e'))!;
        assert.equal(exp.status, 'interrupted');
        assert.deepEqual(exp.steps.map((s) => s.status), ['completed', 'interrupted']);
        const ens = (await store.ensembles.get('sw-ens'))!;
        assert.equal(ens.status, 'interrupted');
        assert.deepEqual(ens.members.map((m) => m.runId), ['sw-done'], 'finished member slots are kept for the resume');
        assert.equal((await store.ensembles.get('sw-ens-live'))?.status, 'running');
        assert.equal((await store.owners.list()).some((o) => o.id === 'dead'), false);
        assert.deepEqual(await store.owners.interruptOrphans([], at), { runs: 0, studies: 0, experiments: 0, ensembles: 0, explanations: 0, trials: 0 });

        await store.runs.update('sw-live', { status: 'completed' });
        await store.studies.update('sw-s-live', { status: 'stopped' });
        await store.ensembles.setStatus('sw-ens-live', 'completed');
        await store.explanations.finish('sw-x-live', { status: 'cancelled', finishedAt: at, durationMs: 1 });
        await store.owners.release('live');
      });
    });

    describe('durability and reads', () => {
      test('a write is visible to another handle as soon as it resolves', async () => {
        await store.runs.insert({ record: makeRun('vis', 'ds1'), artifactDir: '/runs/vis', ownerId: null });
        await store.metrics.append('vis', [{ epoch: 1, split: 'train', name: 'loss', value: 1 }]);
        assert.equal((await other.runs.get('vis'))?.id, 'vis');
        assert.equal((await other.metrics.get('vis')).length, 1);
      });

      test('reads never write: every read leaves the store as it was', async () => {
        const snapshot = async (s: Store) => JSON.stringify({
          datasets: await s.datasets.list(),
          runs: await s.runs.list({ offset: 0, limit: 500, sort: 'createdAt', order: 'desc' }),
          studies: await s.studies.list({ offset: 0, limit: 500 }),
          experiments: await s.experiments.list(),
          ensembles: await s.ensembles.list({ offset: 0, limit: 500, sort: 'createdAt', order: 'desc' }),
          owners: await s.owners.list(),
        });
        const before = await snapshot(store);
        await other.runs.get('r1');
        await other.runs.getMany(['r1', 'r2']);
        await other.metrics.get('vis', 10);
        await other.trials.frozen('s3');
        await other.trials.lite('s3');
        await other.trials.counts('s3');
        await other.trials.running('s3');
        await other.studies.get('s3');
        await other.experiments.get('sw-e');
        await other.ensembles.get('sw-ens');
        await other.ensembles.owner('sw-ens');
        await other.ensembles.byRun('sw-done');
        await other.datasets.byName('Iris');
        await other.diagnostics.get('dg1', 3);
        await other.explanations.find('ex1', 'k5');
        await other.explanations.list({ offset: 0, limit: 10 });
        assert.equal(await snapshot(store), before);
      });
    });

    test('a closed handle rejects every call', async () => {
      const handle = await backing.open();
      await handle.close();
      await assert.rejects(handle.runs.get('r1'));
      await assert.rejects(handle.datasets.list());
    });
  });
}
