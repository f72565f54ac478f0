/**
 * Seeds a Modelbench home with a large history for the scale checks: N runs
 * (realistic RunRecords over several datasets, presets and statuses, inserted
 * in one transaction through the store) and one finished ask/tell study with
 * M trials (params, values, intermediate values), the way bench/study-storage.ts
 * seeds its 10,000-trial study. Data is deterministic (seeded RNG), and the
 * summary it returns carries what the UI must show, so checks need no SQL.
 *
 * Used in-process by bench/ui-scale.ts and as its own Node process by
 * test/e2e/browser/scale.spec.ts (Playwright's loader never loads the engine):
 *
 *   node test/e2e/support/seed-scale.ts --home DIR --out SUMMARY.json [--runs N] [--trials N]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../../db/sqlite/database.ts';
import { createDatasetStore } from '../../../db/sqlite/datasets.ts';
import { createRunStore } from '../../../db/sqlite/runs.ts';
import { createStudyRowStore } from '../../../db/sqlite/studies.ts';
import { createTrialStore } from '../../../db/sqlite/trials.ts';
import type { RunRecord, RunStatus } from '../../../main/api/schemas.ts';
import { createEngine } from '../../../main/engine/engine.ts';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { createRng } from '../../../main/util/rng.ts';

export type ScaleSummary = {
  home: string;
  runs: number;
  trials: number;
  studyId: string;
  studyName: string;
  /** Runs per status (only statuses that survive an engine restart: no queued/running). */
  byStatus: Record<string, number>;
  /** Runs per dataset id, and the datasets' names. */
  byDataset: Record<string, number>;
  datasets: { id: string; name: string }[];
  /** A search term found only in the notes of the `needleIds` runs. */
  needle: string;
  needleIds: string[];
  /** Highest / lowest finite validation accuracy and the run that has it (unique by construction). */
  bestValAccuracy: { id: string; name: string; value: number };
  worstValAccuracy: { id: string; name: string; value: number };
  /** Run ids oldest first: row k of the default sort (newest first) is ids[runs - 1 - k]. */
  ids: string[];
  /** Trials per state. */
  trialCounts: Record<string, number>;
  seedMs: number;
};

const DATASETS = [
  { id: 'ds-scale-iris', name: 'iris', inputShape: [4], classes: ['setosa', 'versicolor', 'virginica'], samples: 150, kind: 'tabular' },
  { id: 'ds-scale-breast', name: 'breast_cancer', inputShape: [30], classes: ['malignant', 'benign'], samples: 569, kind: 'tabular' },
  { id: 'ds-scale-digits', name: 'digits', inputShape: [8, 8, 1], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], samples: 1797, kind: 'image' },
  { id: 'ds-scale-mnist', name: 'mnist', inputShape: [28, 28, 1], classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], samples: 10000, kind: 'image' },
] as const;

/** Cumulative status mix: mostly completed, some of every terminal state. */
const STATUS_MIX: [RunStatus, number][] = [['completed', 0.72], ['failed', 0.8], ['diverged', 0.84], ['cancelled', 0.92], ['interrupted', 1]];
const NEEDLE = 'zebrafinch';
const NEEDLE_EVERY = 250;

export async function seedScale(home: string, opts: { runs?: number; trials?: number; seed?: number } = {}): Promise<ScaleSummary> {
  const RUNS = opts.runs ?? 10_000;
  const TRIALS = opts.trials ?? 10_000;
  const t0 = performance.now();

  // The study goes through the engine (validation, stored shape); rows go straight to SQLite.
  const engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
  let studyId: string;
  const studyName = `scale-${TRIALS}-trials`;
  try {
    const study = await engine.call('studies.create', { config: {
      name: studyName, sampler: 'random', nTrials: TRIALS, objectives: [{ kind: 'value', name: 'accuracy', direction: 'maximize' }],
      space: { params: { lr: { kind: 'float', low: 1e-5, high: 1, log: true }, units: { kind: 'int', low: 8, high: 512 }, act: { kind: 'categorical', choices: ['relu', 'tanh', 'elu'] }, dropout: { kind: 'float', low: 0, high: 0.5 } } },
    } });
    studyId = study.id;
  } finally {
    await engine.close();
  }

  // Bulk fixtures: the synchronous SQLite sub-stores inside one transaction each (as another process would write them).
  const db = openDatabase(join(home, 'modelbench.db'));
  const store = { db, datasets: createDatasetStore(db), runs: createRunStore(db) };
  const studies = { studies: createStudyRowStore(db), trials: createTrialStore(db) };
  const rng = createRng(opts.seed ?? 20260101);
  const byStatus: Record<string, number> = {};
  const byDataset: Record<string, number> = {};
  const needleIds: string[] = [];
  let best = { id: '', name: '', value: -Infinity };
  let worst = { id: '', name: '', value: Infinity };
  const start = Date.parse('2025-06-01T08:00:00Z');
  const ids: string[] = [];
  const trialCounts: Record<string, number> = {};
  try {
    store.db.transaction(() => {
      for (const d of DATASETS) {
        store.datasets.insert({
          id: d.id, name: d.name, source: 'sample', task: 'classification', inputShape: [...d.inputShape], numSamples: d.samples,
          classes: [...d.classes], featureNames: d.kind === 'tabular' ? Array.from({ length: d.inputShape[0] }, (_, i) => `f${i}`) : [],
          labelName: 'label', classCounts: d.classes.map(() => Math.round(d.samples / d.classes.length)), dir: join(home, 'datasets', d.id),
          createdAt: new Date(start - 86_400_000).toISOString(),
        });
      }
      for (let n = 0; n < RUNS; n++) {
        const d = DATASETS[rng.int(DATASETS.length)];
        const presets = MODEL_PRESETS.filter((p) => p.inputKind === d.kind);
        const preset = presets[rng.int(presets.length)];
        const u = rng.next();
        const status = STATUS_MIX.find(([, p]) => u < p)![0];
        const lr = Math.exp(Math.log(1e-4) + rng.next() * Math.log(1e3));
        const epochs = [10, 20, 30, 50][rng.int(4)];
        const seed = rng.int(100_000);
        const id = `run_scale${String(n).padStart(5, '0')}${rng.int(0xffffff).toString(16).padStart(6, '0')}`;
        const name = `${preset.id} ${d.name} lr=${lr.toPrecision(2)} #${n}`;
        // Strictly increasing creation times: the default sort (newest first) is known.
        const createdAt = new Date(start + n * 1_500_000 + rng.int(600_000)).toISOString();
        const durationMs = status === 'failed' ? 200 + rng.int(3000) : 5_000 + rng.int(600_000);
        const epochsDone = status === 'completed' ? epochs : status === 'failed' ? 0 : 1 + rng.int(epochs - 1);
        // Unique accuracies: a tiny per-run offset breaks every tie.
        const acc = Math.min(0.999, Math.max(0.05, 0.6 + 0.35 * rng.next() + 0.02 * rng.normal())) - n * 1e-9;
        const loss = Math.max(0.01, (1 - acc) * 2 + 0.05 * rng.next());
        const metrics: RunRecord['metrics'] =
          status === 'failed' ? {}
          : status === 'diverged' ? { train: { loss: NaN, accuracy: 0.1 }, val: { loss: NaN, accuracy: 0.1 - n * 1e-9 } }
          : {
              train: { loss: loss * 0.8, accuracy: Math.min(1, acc + 0.02) },
              val: { loss, accuracy: acc, f1: acc - 0.01 * rng.next(), precision: acc, recall: acc },
              ...(status === 'completed' ? { test: { loss: loss * 1.05, accuracy: acc - 0.01 }, bestEpoch: Math.max(1, epochsDone - rng.int(3)) } : {}),
            };
        const needle = n % NEEDLE_EVERY === 17;
        const run: RunRecord = {
          id, name, datasetId: d.id, datasetName: d.name, status,
          config: { datasetId: d.id, spec: preset.spec, hyperparams: {
            optimizer: { kind: 'adam', learningRate: lr, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, schedule: { kind: 'constant' },
            batchSize: [16, 32, 64, 128][rng.int(4)], epochs, preprocess: d.kind === 'image' ? 'minmax' : 'standardize', targetScaling: 'standardize',
            split: { validation: 0.15, test: 0.15, stratify: true },
          }, seed, name },
          backend: ['tensorflow', 'wasm', 'cpu'][rng.int(3)], versions: { modelbench: '0.1.0', tfjs: '4.22.0', node: process.versions.node },
          seed, paramCount: 1_000 + rng.int(900_000), flops: 10_000 + rng.int(50_000_000),
          createdAt, startedAt: createdAt, finishedAt: new Date(Date.parse(createdAt) + durationMs).toISOString(), durationMs, epochsDone,
          error: status === 'failed' ? 'Out of memory while building the model' : status === 'interrupted' ? 'The process stopped while this run was training.' : null,
          metrics, notes: needle ? `learning-rate probe (${NEEDLE})` : n % 7 === 0 ? 'baseline sweep' : '',
          tags: n % 11 === 0 ? ['sweep', preset.id] : [],
        };
        store.runs.insert({ record: run, artifactDir: join(home, 'runs', id), ownerId: null });
        ids.push(id);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        byDataset[d.id] = (byDataset[d.id] ?? 0) + 1;
        if (needle) needleIds.push(id);
        const va = metrics.val?.accuracy;
        if (typeof va === 'number' && Number.isFinite(va)) {
          if (va > best.value) best = { id, name, value: va };
          if (va < worst.value) worst = { id, name, value: va };
        }
      }
    })();

    const tStudy = Date.parse('2026-01-01T00:00:00Z');
    const STEPS = 10;
    store.db.transaction(() => {
      for (let n = 0; n < TRIALS; n++) {
        const params = { lr: Math.exp(Math.log(1e-5) + rng.next() * Math.log(1e5)), units: 8 + rng.int(505), act: ['relu', 'tanh', 'elu'][rng.int(3)], dropout: rng.next() * 0.5 };
        studies.trials.create(studyId, { params, worker: n % 4, retryOf: null, startedAt: new Date(tStudy + n * 1000).toISOString(), ownerId: null });
        const quality = 1 - Math.abs(Math.log10(params.lr) + 2.5) / 4;
        const pruned = rng.next() < 0.4;
        const steps = pruned ? 1 + rng.int(STEPS - 1) : STEPS;
        for (let s = 1; s <= steps; s++) studies.trials.report(studyId, n, s, quality * (1 - Math.exp(-s / 3)) + rng.normal() * 0.01);
        const state = pruned ? 'pruned' : rng.next() < 0.03 ? 'failed' : 'complete';
        trialCounts[state] = (trialCounts[state] ?? 0) + 1;
        studies.trials.finish(studyId, n, {
          state, values: state === 'complete' ? [quality + rng.normal() * 0.01] : null, error: state === 'failed' ? 'synthetic failure' : null,
          finishedAt: new Date(tStudy + n * 1000 + 5000).toISOString(), durationMs: 5000 + rng.int(1000),
        });
      }
      studies.studies.update(studyId, { status: 'finished', finishedAt: new Date(tStudy + TRIALS * 1000 + 5000).toISOString() });
    })();
  } finally {
    db.close();
  }

  return {
    home, runs: RUNS, trials: TRIALS, studyId, studyName, byStatus, byDataset, datasets: DATASETS.map((d) => ({ id: d.id, name: d.name })),
    needle: NEEDLE, needleIds, bestValAccuracy: best, worstValAccuracy: worst,
    ids, trialCounts, seedMs: Math.round(performance.now() - t0),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { home: { type: 'string' }, out: { type: 'string' }, runs: { type: 'string' }, trials: { type: 'string' } } });
  if (!values.home || !values.out) throw new Error('usage: seed-scale.ts --home DIR --out SUMMARY.json [--runs N] [--trials N]');
  const summary = await seedScale(values.home, { runs: values.runs ? Number(values.runs) : undefined, trials: values.trials ? Number(values.trials) : undefined });
  writeFileSync(values.out, JSON.stringify(summary, null, 2));
  // engine.close() leaves a handle that keeps Node alive for ~10 s; nothing is pending here.
  process.exit(0);
}
