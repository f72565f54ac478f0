/**
 * Seeds a Modelbench home with a small but varied workbench by REAL training
 * through the engine's API (no rows written by hand): the iris and
 * breast-cancer samples, a regression dataset (iris' petal width), ten short
 * runs of different lengths over the three datasets (one with a very long
 * name), a study whose pruner stops some trials (and a second, small one to
 * compare it with), and two prune experiments on
 * the same base run (so the lineage family is larger than one experiment).
 * What the UI must then show goes to the summary, so checks need no SQL.
 *
 * Used by test/e2e/browser/layout.spec.ts as its own Node process (Playwright's
 * loader never loads the engine):
 *
 *   node test/e2e/support/seed-workbench.ts --home DIR --out SUMMARY.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { RunConfigInput, RunRecord } from '../../../main/api/schemas.ts';
import type { StudyConfigInput } from '../../../main/study/config.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';

export type WorkbenchSummary = {
  home: string;
  datasets: { iris: string; breastCancer: string; regression: string };
  /** Ten runs, oldest first: iris runs of 2..40 epochs, one breast-cancer run, one regression run. */
  runs: { id: string; name: string; datasetId: string; epochs: number; status: string }[];
  longName: string;
  regressionRunId: string;
  studyId: string;
  /** A second, small study on iris (TPE, no pruner), so two studies can be compared. */
  secondStudyId: string;
  /** Study trials whose runs the pruner stopped (status 'pruned', error 'pruned at epoch N'). */
  prunedRunIds: string[];
  /** Prune experiments on runs[0]: the first shows 2 runs by default, the family has 3. */
  experimentIds: string[];
  /** A greedy-selection ensemble of three iris runs (same dataset, seed and split). */
  ensembleId: string;
  seedMs: number;
};

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TERMINAL = new Set(['completed', 'failed', 'diverged', 'cancelled', 'interrupted']);
const LONG_NAME = 'a deliberately long run name that would push any table wider than the window if cells did not truncate or scroll';

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 300_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`seed-workbench: ${what} did not finish in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function train(engine: Engine, config: RunConfigInput): Promise<RunRecord> {
  const { runId } = await engine.call('runs.start', config);
  const run = await until(`run ${runId}`, () => engine.call('runs.get', { runId }), (r) => TERMINAL.has(r.status));
  if (run.status !== 'completed') throw new Error(`seed-workbench: run ${run.name} ended ${run.status}: ${run.error}`);
  return run;
}

const mlp = { layers: [{ kind: 'dense' as const, units: 16, activation: 'relu' as const }] };

/**
 * The seeded study: a wide learning-rate range on one worker, so successive halving stops the
 * bad trials at its first rungs. test/main/study/reproducible.test.ts runs it twice and expects
 * the same trials.
 */
export const pruningStudy = (datasetId: string): StudyConfigInput => ({
  name: 'layout study', datasetId, sampler: 'random', seed: 3, nTrials: 8, workers: 1,
  pruner: { kind: 'successive-halving', minResource: 1, reductionFactor: 3 },
  base: { spec: mlp, hyperparams: { epochs: 9, batchSize: 16 } },
  space: { params: {
    'hyperparams.optimizer.learningRate': { kind: 'float', low: 1e-5, high: 1, log: true },
    depth: { kind: 'fixed', value: 1 },
    units_0: { kind: 'int', low: 2, high: 64 },
    activation: { kind: 'categorical', choices: ['relu', 'tanh', 'sigmoid'] },
  } },
  objectives: [{ kind: 'metric', metric: 'val_accuracy', direction: 'maximize' }],
});

export async function seedWorkbench(home: string): Promise<WorkbenchSummary> {
  const t0 = performance.now();
  const engine = await createEngine({ home, workers: 1 });
  try {
    const iris = await engine.call('datasets.importSample', { sample: 'iris' });
    const breast = await engine.call('datasets.importSample', { sample: 'breast_cancer' });
    const regression = await engine.call('datasets.importCsvText', {
      text: readFileSync(join(ROOT, 'assets', 'samples', 'iris.csv'), 'utf8'),
      name: 'iris petal width',
      label: 'petal_width_cm',
      task: 'regression',
    });

    const runs: WorkbenchSummary['runs'] = [];
    const plan: { datasetId: string; epochs: number; name: string }[] = [
      ...[2, 3, 4, 5, 6, 8, 12, 40].map((epochs, i) => ({ datasetId: iris.id, epochs, name: i === 7 ? LONG_NAME : `iris ${epochs} epochs` })),
      { datasetId: breast.id, epochs: 4, name: 'breast cancer 4 epochs' },
      { datasetId: regression.id, epochs: 6, name: 'petal width regression' },
    ];
    for (const p of plan) {
      const run = await train(engine, { datasetId: p.datasetId, name: p.name, seed: 7, spec: mlp, hyperparams: { epochs: p.epochs, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } } });
      runs.push({ id: run.id, name: run.name, datasetId: run.datasetId, epochs: p.epochs, status: run.status });
    }

    const study = await engine.call('studies.create', { config: pruningStudy(iris.id) });
    await engine.call('studies.start', { studyId: study.id, workers: 1 });
    const done = await until('the study', () => engine.call('studies.get', { studyId: study.id }), (s) => ['finished', 'stopped', 'interrupted'].includes(s.study.status));
    if (done.study.status !== 'finished') throw new Error(`seed-workbench: the study ended ${done.study.status}`);
    const studyRuns = await engine.call('runs.list', { search: `study:${study.id}`, limit: 100 });
    const prunedRunIds = studyRuns.items.filter((r) => r.status === 'pruned').map((r) => r.id);

    const second = await engine.call('studies.create', { config: {
      name: 'compare study', datasetId: iris.id, sampler: 'tpe', seed: 5, nTrials: 4, workers: 1,
      base: { spec: mlp, hyperparams: { epochs: 3, batchSize: 16 } },
      space: { params: {
        'hyperparams.optimizer.learningRate': { kind: 'float', low: 1e-3, high: 0.3, log: true },
        depth: { kind: 'fixed', value: 1 },
        units_0: { kind: 'int', low: 4, high: 32 },
      } },
      objectives: [{ kind: 'metric', metric: 'val_accuracy', direction: 'maximize' }],
    } });
    await engine.call('studies.start', { studyId: second.id, workers: 1 });
    const secondDone = await until('the second study', () => engine.call('studies.get', { studyId: second.id }), (x) => ['finished', 'stopped', 'interrupted'].includes(x.study.status));
    if (secondDone.study.status !== 'finished') throw new Error(`seed-workbench: the second study ended ${secondDone.study.status}`);

    const experimentIds: string[] = [];
    for (const targetSparsity of [0.5, 0.8]) {
      const { experimentId } = await engine.call('compression.prune', { runId: runs[0].id, method: 'magnitude', targetSparsity, schedule: 'oneshot', epochs: 2 });
      const e = await until(`experiment ${experimentId}`, () => engine.call('experiments.get', { experimentId }), (x) => x.status !== 'running');
      if (e.status !== 'completed') throw new Error(`seed-workbench: experiment ${experimentId} ended ${e.status}: ${e.error}`);
      experimentIds.push(experimentId);
    }

    const { ensembleId } = await engine.call('ensembles.create', { method: 'selection', runIds: [runs[5].id, runs[6].id, runs[7].id], name: 'iris ensemble' });
    const ensemble = await until(`ensemble ${ensembleId}`, () => engine.call('ensembles.get', { ensembleId }), (x) => x.status !== 'running');
    if (ensemble.status !== 'completed') throw new Error(`seed-workbench: ensemble ${ensembleId} ended ${ensemble.status}: ${ensemble.error}`);

    return {
      ensembleId,
      home, datasets: { iris: iris.id, breastCancer: breast.id, regression: regression.id }, runs, longName: LONG_NAME,
      regressionRunId: runs[runs.length - 1].id, studyId: study.id, secondStudyId: second.id, prunedRunIds, experimentIds, seedMs: Math.round(performance.now() - t0),
    };
  } finally {
    await engine.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { home: { type: 'string' }, out: { type: 'string' } } });
  if (!values.home || !values.out) throw new Error('usage: seed-workbench.ts --home DIR --out SUMMARY.json');
  const summary = await seedWorkbench(values.home);
  writeFileSync(values.out, JSON.stringify(summary, null, 2));
  process.exit(0);
}
