/**
 * Fuzzing the API boundary: for every method of the contract, seeded malformed
 * arguments (junk of every kind JSON or IPC can carry, and valid arguments broken
 * at one random place) go through `engine.callUntyped` on a real, restricted
 * engine. Every call must succeed or fail with an ApiError of a known code other
 * than 'internal'; nothing may pollute prototypes; and afterwards the engine must
 * still list and train.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { requests, type Method, type Params } from '../../../main/api/contract.ts';
import { API_ERROR_CODES, ApiError } from '../../../main/api/errors.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { createRng } from '../../../main/util/rng.ts';
import { junkArgument, mutate, optionCases, PRUNER_SETTINGS, SAMPLER_SETTINGS } from './fuzz-values.ts';

const SEED = 20261201;
const CASES_PER_METHOD = 40;
/** Longest error message a person should have to read. */
const MAX_MESSAGE = 2000;

let home: string;
let engine: Engine;
let ids: { dataset: string; run: string; study: string };

function waitFinished(runId: string): Promise<Extract<RunEvent, { type: 'finished' }>> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((_name, e) => {
      const event = e as RunEvent;
      if (event.type === 'finished' && event.runId === runId) (stop(), resolve(event));
    });
  });
}

const SMALL_RUN = { spec: { layers: [{ kind: 'dense' as const, units: 4 }] }, hyperparams: { epochs: 1, batchSize: 32 }, seed: 1 };

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-fuzz-'));
  engine = await createEngine({ home, workers: 1, backend: ['cpu'], restrictPaths: true });
  const dataset = await engine.call('datasets.importSample', { sample: 'iris' });
  const { runId } = await engine.call('runs.start', { ...SMALL_RUN, datasetId: dataset.id });
  assert.equal((await waitFinished(runId)).status, 'completed');
  const study = await engine.call('studies.create', {
    config: { space: { params: { x: { kind: 'float', low: 0, high: 1 } } }, objectives: [{ kind: 'value', direction: 'minimize' }] },
  });
  await engine.call('studies.ask', { studyId: study.id });
  ids = { dataset: dataset.id, run: runId, study: study.id };
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

/**
 * One valid argument per method, the starting point of its mutations. Ids of
 * jobs that would start heavy work (compression, training) name nothing, so a
 * mutation that stays valid ends in not_found; deletions too, so the seeds live.
 */
function validArguments(): { [M in Method]: Params<M> } {
  const spec = { layers: [{ kind: 'dense' as const, units: 4, activation: 'relu' as const }] };
  const space = { params: { x: { kind: 'float', low: 0, high: 1 } } };
  return {
    'app.info': {},
    'datasets.list': {},
    'datasets.get': { id: ids.dataset },
    'datasets.importPath': { path: join(home, 'imports', 'missing.csv'), name: 'n', label: 'species', task: 'classification' },
    'datasets.importCsvText': { text: 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n', name: 'tiny', label: 'label', task: 'classification' },
    'datasets.importSample': { sample: 'iris' },
    'datasets.peekColumns': { path: join(home, 'imports', 'missing.csv') },
    'datasets.preview': { id: ids.dataset, rows: 3 },
    'datasets.delete': { id: 'ds_missing' },
    'datasets.augmentPreview': { id: ids.dataset, augmentation: { flipHorizontal: true, noiseStd: 0.1 }, count: 2, seed: 1 },
    'models.presets': {},
    'models.count': { spec, datasetId: ids.dataset },
    'runs.start': { ...SMALL_RUN, datasetId: 'ds_missing', name: 'fuzz' },
    'runs.cancel': { runId: 'run_missing' },
    'runs.list': { offset: 0, limit: 5, sort: 'createdAt', order: 'desc', search: 'mlp', status: 'completed', datasetId: ids.dataset },
    'runs.get': { runId: ids.run },
    'runs.metrics': { runId: ids.run, maxPoints: 100 },
    'runs.compare': { runIds: [ids.run, ids.run] },
    'runs.update': { runId: ids.run, name: 'renamed', notes: 'n', tags: ['a'] },
    'runs.delete': { runId: 'run_missing' },
    'runs.export': { runId: ids.run, outDir: join(home, 'exports', 'fuzz') },
    'runs.size': { runId: ids.run, latency: false },
    'runs.explain': { runId: 'run_missing', method: 'shap', rows: 2, class: 0, background: 5, split: 'val', options: { seed: 1 } },
    'explanations.get': { explanationId: 'xpl_missing' },
    'explanations.list': { runId: ids.run, offset: 0, limit: 5 },
    'explanations.cancel': { explanationId: 'xpl_missing' },
    'runs.attention': { runId: ids.run, split: 'val', row: 0, layer: 0 },
    'runs.forecast': { runId: ids.run, split: 'test', windows: [0] },
    'runs.diagnostics': { runId: ids.run, maxEpochs: 10 },
    'runs.diagnose': { runId: ids.run },
    'runs.applyFix': { runId: 'run_missing', code: 'overfitting', layer: 'dense_1', name: 'fix' },
    'compression.prune': { runId: 'run_missing', method: 'magnitude', targetSparsity: 0.5, schedule: 'oneshot', scope: 'layer', epochs: 1 },
    'compression.shrink': { runId: 'run_missing', tolerance: 0.05, maxCandidates: 1, epochs: 1 },
    'compression.distill': { teacherRunId: 'run_missing', student: spec, temperature: 2, alpha: 0.5, epochs: 1 },
    'compression.finetune': { runId: 'run_missing', datasetId: ids.dataset, freeze: 1, epochs: 1, scratch: false },
    'experiments.list': {},
    'experiments.get': { experimentId: 'exp_missing' },
    'experiments.cancel': { experimentId: 'exp_missing' },
    'experiments.resume': { experimentId: 'exp_missing' },
    'experiments.delete': { experimentId: 'exp_missing' },
    'ensembles.create': { method: 'selection', runIds: ['run_missing', 'run_missing_2'], metric: 'accuracy', size: 5, bags: 2, seed: 1 },
    'ensembles.list': { offset: 0, limit: 5, sort: 'valAccuracy', order: 'asc', search: 'vote', status: 'completed' },
    'ensembles.get': { ensembleId: 'ens_missing' },
    'ensembles.cancel': { ensembleId: 'ens_missing' },
    'ensembles.resume': { ensembleId: 'ens_missing' },
    'ensembles.delete': { ensembleId: 'ens_missing' },
    'ensembles.export': { ensembleId: 'ens_missing', outDir: join(home, 'exports', 'ens') },
    'ensembles.forecast': { ensembleId: 'ens_missing', split: 'test' },
    'studies.create': { config: { datasetId: 'ds_missing', base: { spec, hyperparams: { epochs: 1 } }, space, objectives: [{ kind: 'metric', metric: 'val_accuracy' }], nTrials: 1, workers: 1 } },
    'studies.list': { offset: 0, limit: 5, search: 's' },
    'studies.get': { studyId: ids.study },
    'studies.trials': { studyId: ids.study, offset: 0, limit: 5, sort: 'number', order: 'asc', objective: 0, states: ['complete'], minValue: 0, maxValue: 1 },
    'studies.start': { studyId: 'study_missing', workers: 1 },
    'studies.stop': { studyId: ids.study, cancelRunning: true },
    'studies.ask': { studyId: ids.study },
    'studies.tell': { studyId: ids.study, number: 0, values: [0.5], state: 'complete' },
    'studies.report': { studyId: ids.study, number: 0, step: 1, value: 0.5 },
    'studies.importance': { studyId: ids.study, objective: 0 },
    'studies.history': { studyId: ids.study, maxIntermediateTrials: 10 },
    'studies.exportBest': { studyId: ids.study, outDir: join(home, 'exports', 'best') },
    'studies.update': { studyId: ids.study, name: 'renamed', space, sampler: 'random', pruner: 'none', nTrials: 5, workers: 1 },
    'studies.delete': { studyId: 'study_missing' },
    'bundles.export': { kind: 'run', id: 'run_missing', outFile: join(home, 'exports', 'fuzz.mbz') },
    'bundles.import': { file: join(home, 'imports', 'missing.mbz') },
    'storage.info': {},
    'storage.test': { setting: { kind: 'sqlite' } },
    'storage.save': { setting: { kind: 'sqlite' } },
  };
}

const KNOWN: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** Study arguments take each sampler and pruner kind in turn, with its options, so those get broken too. */
function withKinds(method: Method, valid: Record<string, unknown>, i: number): Record<string, unknown> {
  const sampler = SAMPLER_SETTINGS[i % SAMPLER_SETTINGS.length];
  const pruner = PRUNER_SETTINGS[Math.floor(i / SAMPLER_SETTINGS.length) % PRUNER_SETTINGS.length];
  if (method === 'studies.create') return { ...valid, config: { ...(valid.config as object), sampler, pruner } };
  if (method === 'studies.update') return { ...valid, sampler, pruner };
  return valid;
}

/** A clear error: a known code, not 'internal', and a message of readable size (no echo of a 2 MB argument). */
const clearError = (error: unknown): boolean =>
  error instanceof ApiError && KNOWN.has(error.code) && error.code !== 'internal' && error.message.length <= MAX_MESSAGE;

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 60 ? `${v.slice(0, 20)}…(${v.length})` : v));
    return (text ?? String(value)).slice(0, 300);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

test(`every method, ${CASES_PER_METHOD} malformed arguments each (seed ${SEED}): only known API errors, no pollution`, async (t) => {
  const rng = createRng(SEED);
  const valid = validArguments();
  const methods = Object.keys(requests) as Method[];
  assert.deepEqual(Object.keys(valid).sort(), [...methods].sort(), 'a valid argument for every method');
  const problems: string[] = [];
  let calls = 0;
  let succeeded = 0;
  const started = performance.now();
  for (const method of methods) {
    for (let i = 0; i < CASES_PER_METHOD; i++) {
      const args = i % 5 === 0 ? junkArgument(rng) : mutate(rng, withKinds(method, valid[method] as Record<string, unknown>, i));
      calls++;
      try {
        await engine.callUntyped(method, args);
        succeeded++;
      } catch (error) {
        if (!clearError(error)) problems.push(`${method} ${describe(args)} → ${error instanceof ApiError ? error.code : 'thrown'}: ${String((error as Error)?.message).slice(0, 200)} (${String((error as Error)?.message).length} chars)`);
      }
    }
  }
  // Junk method names too.
  for (const method of [undefined, null, 42, {}, ['runs.list'], '__proto__', 'constructor', 'toString', 'runs.list\u0000', 'x'.repeat(10_000)]) {
    await assert.rejects(engine.callUntyped(method, {}), (e: unknown) => e instanceof ApiError && e.code === 'invalid_argument', describe(method));
  }
  t.diagnostic(`${calls} calls (${succeeded} valid by chance) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(problems, []);
  const probe: Record<string, unknown> = {};
  assert.equal(probe.polluted, undefined, 'Object.prototype was polluted');
  assert.equal(probe.isAdmin, undefined, 'Object.prototype was polluted');
});

test('ask/tell studies of every sampler and pruner kind with broken options: refused at creation, or they answer every ask', async (t) => {
  const rng = createRng(SEED + 1);
  const space = { params: { x: { kind: 'float', low: 0, high: 1 }, k: { kind: 'categorical', choices: ['a', 'b'] } } };
  const problems: string[] = [];
  let created = 0;
  const edges = optionCases(rng, 4);
  // And each kind pair broken anywhere, as the first test breaks every argument.
  const cases: unknown[] = [...edges, ...edges.slice(0, SAMPLER_SETTINGS.length * PRUNER_SETTINGS.length).map((s) => mutate(rng, s))];
  for (const broken of cases) {
    const config = { space, objectives: [{ kind: 'value', direction: 'minimize' }], nTrials: 100, ...(broken as object) };
    let studyId: string;
    try {
      studyId = ((await engine.callUntyped('studies.create', { config })) as { id: string }).id;
    } catch (error) {
      if (!clearError(error)) problems.push(`create ${describe(broken)} → ${String((error as Error)?.message).slice(0, 200)}`);
      continue;
    }
    created++;
    // Past every start-up and population size above: the models and parents are used.
    for (let trial = 0; trial < 6; trial++) {
      try {
        const { number } = (await engine.callUntyped('studies.ask', { studyId })) as { number: number };
        for (let step = 1; step <= 3; step++) await engine.callUntyped('studies.report', { studyId, number, step, value: rng.next() });
        await engine.callUntyped('studies.tell', { studyId, number, values: [rng.next()] });
      } catch (error) {
        problems.push(`trial ${trial} of ${describe(broken)} → ${error instanceof ApiError ? error.code : 'thrown'}: ${String((error as Error)?.message).slice(0, 200)}`);
        break;
      }
    }
    await engine.callUntyped('studies.delete', { studyId });
  }
  assert.ok(created >= SAMPLER_SETTINGS.length * PRUNER_SETTINGS.length, `${created} of ${cases.length} studies created`);
  t.diagnostic(`${cases.length} settings, ${created} studies created`);
  assert.deepEqual(problems, []);
});

test('afterwards the engine still lists, and trains a small run to the end', async () => {
  assert.ok((await engine.call('runs.list', {})).total >= 1);
  const { runId } = await engine.call('runs.start', { ...SMALL_RUN, datasetId: ids.dataset, name: 'after fuzz' });
  const done = await waitFinished(runId);
  assert.equal(done.status, 'completed', done.error ?? '');
});
