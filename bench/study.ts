/**
 * Study benchmarks, through the real engine (worker pool, SQLite):
 *   node bench/study.ts [pruning] [scaling] [storage]      (default: all three)
 * (a) pruning: on digits, ASHA vs full-budget random search with the same
 *     trials (same sampler seed → same params): epochs trained and best val accuracy;
 * (b) scaling: one fixed workload with 1 and with 2 workers: trials per hour;
 * (c) storage: 10,000 synthetic trials: list/sort/filter and history-chart latency.
 * Prints a table and writes bench/results/study.json. Backend: cpu (override with MODELBENCH_BACKEND).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StudyConfigInput, StudyEvent } from '../main/api/contract.ts';
import { createEngine, type Engine } from '../main/engine/engine.ts';
import { storageBench } from './study-storage.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const backend = [process.env.MODELBENCH_BACKEND ?? 'cpu'];
const parts = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (p: string) => parts.length === 0 || parts.includes(p);
const resultsFile = join(root, 'bench', 'results', 'study.json');

async function withHome<T>(workers: number, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-study-'));
  const engine = await createEngine({ home, workers, backend });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
}

async function runStudy(engine: Engine, config: StudyConfigInput, workers: number) {
  const study = await engine.call('studies.create', { config });
  const done = new Promise<void>((resolve) => {
    const off = engine.subscribe((name, p) => {
      if (name === 'study.event' && (p as StudyEvent).studyId === study.id && (p as StudyEvent).type === 'study-finished') (off(), resolve());
    });
  });
  const t0 = performance.now();
  await engine.call('studies.start', { studyId: study.id, workers });
  await done;
  const seconds = (performance.now() - t0) / 1000;
  const detail = await engine.call('studies.get', { studyId: study.id });
  return { seconds, detail };
}

// Digits, a wide space: many learning rates / optimizers are bad, which ASHA should notice after an epoch.
const EPOCHS = 9;
const digitsStudy = (pruner: unknown, nTrials: number): StudyConfigInput => ({
  datasetId: 'digits', base: { spec: { layers: [{ kind: 'flatten' }] }, hyperparams: { epochs: EPOCHS, batchSize: 32 } },
  space: { params: {
    depth: { kind: 'int', low: 1, high: 2 },
    units_0: { kind: 'int', low: 16, high: 128, step: 16 },
    units_1: { kind: 'int', low: 16, high: 128, step: 16, when: { param: 'depth', op: 'gt', value: 1 } },
    'hyperparams.optimizer.kind': { kind: 'categorical', choices: ['adam', 'sgd'] },
    'hyperparams.optimizer.learningRate': { kind: 'float', low: 1e-5, high: 0.3, log: true },
  } },
  sampler: 'random', pruner: pruner as never, objectives: [{ metric: 'val_accuracy' }], nTrials, seed: 11,
});

async function pruningBench() {
  const nTrials = Number(process.env.BENCH_TRIALS ?? 27);
  return withHome(2, async (engine) => {
    await engine.call('datasets.importSample', { sample: 'digits' });
    const full = await runStudy(engine, digitsStudy('none', nTrials), 2);
    const asha = await runStudy(engine, digitsStudy({ kind: 'successive-halving', minResource: 1, reductionFactor: 3, maxResource: EPOCHS }, nTrials), 2);
    const row = (name: string, r: typeof full) => ({
      name, trials: r.detail.study.counts.total, pruned: r.detail.study.counts.pruned, epochsTrained: r.detail.epochsTrained,
      bestValAccuracy: r.detail.best[0]?.values?.[0] ?? null, seconds: Number(r.seconds.toFixed(1)),
    });
    const rows = [row('random, full budget', full), row('random + ASHA', asha)];
    const epochRatio = rows[1].epochsTrained / rows[0].epochsTrained;
    const pass = epochRatio <= 1 / 3 && (rows[1].bestValAccuracy ?? 0) >= (rows[0].bestValAccuracy ?? 1);
    return { epochsPerTrial: EPOCHS, rows, epochRatio: Number(epochRatio.toFixed(3)), pass };
  });
}

async function scalingBench() {
  const nTrials = Number(process.env.BENCH_SCALING_TRIALS ?? 8);
  // A fixed workload: every trial trains the same model for the same epochs, so only parallelism differs.
  const config: StudyConfigInput = {
    datasetId: 'digits', base: { spec: { layers: [{ kind: 'flatten' }] }, hyperparams: { epochs: 6, batchSize: 32 } },
    space: { params: { depth: { kind: 'fixed', value: 2 }, units_0: { kind: 'fixed', value: 128 }, units_1: { kind: 'fixed', value: 64 } } },
    sampler: 'random', objectives: [{ metric: 'val_accuracy' }], nTrials, seed: 1,
  };
  const rows = [];
  const loadBefore = (await import('node:os')).loadavg();
  for (const workers of [1, 2]) {
    const r = await withHome(workers, async (engine) => {
      await engine.call('datasets.importSample', { sample: 'digits' });
      // One warm-up trial so worker start-up (tfjs load) is not part of the timing.
      await runStudy(engine, { ...config, nTrials: workers }, workers);
      const run = await runStudy(engine, config, workers);
      // Trials in flight on average (Σ trial time / wall time): shows the runner keeps every worker busy, whatever the CPU gives.
      const { timeline } = await engine.call('studies.history', { studyId: run.detail.study.id });
      const busy = timeline.reduce((s, t) => s + ((t.endMs ?? t.startMs) - t.startMs), 0) / 1000;
      return { ...run, inFlight: busy / run.seconds };
    });
    rows.push({ workers, trials: nTrials, seconds: Number(r.seconds.toFixed(2)), trialsPerHour: Math.round((nTrials / r.seconds) * 3600), inFlight: Number(r.inFlight.toFixed(2)) });
  }
  const speedup = rows[1].trialsPerHour / rows[0].trialsPerHour;
  return { rows, speedup: Number(speedup.toFixed(2)), pass: speedup >= 1.7, loadBefore };
}

function table(header: string[], rows: (string | number | null | boolean)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c ?? '-')))];
  const w = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  return cells.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ')).join('\n');
}

const previous = (() => {
  try {
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
})();
const results: Record<string, unknown> = { ...previous, date: new Date().toISOString(), backend: backend[0], cores: (await import('node:os')).availableParallelism() };

if (want('pruning')) {
  const r = await pruningBench();
  results.pruning = r;
  console.log(`\n(a) Pruning on digits, ${r.rows[0].trials} trials × ${r.epochsPerTrial} epochs, same sampled params`);
  console.log(table(['search', 'trials', 'pruned', 'epochs trained', 'best val acc', 'seconds'], r.rows.map((x) => [x.name, x.trials, x.pruned, x.epochsTrained, x.bestValAccuracy?.toFixed(4) ?? null, x.seconds])));
  console.log(`epochs ASHA / full = ${r.epochRatio} (target ≤ 0.333), ASHA best ≥ full best: ${r.pass ? 'PASS' : 'FAIL'}`);
}
if (want('scaling')) {
  const r = await scalingBench();
  results.scaling = r;
  console.log('\n(b) Scaling: same fixed workload');
  console.log(table(['workers', 'trials', 'seconds', 'trials/hour', 'avg trials in flight'], r.rows.map((x) => [x.workers, x.trials, x.seconds, x.trialsPerHour, x.inFlight])));
  console.log(`load average before: ${r.loadBefore.map((x) => x.toFixed(2)).join(', ')} on ${results.cores} cores`);
  console.log(`speed-up 2 vs 1 workers = ${r.speedup}× (target ≥ 1.7): ${r.pass ? 'PASS' : 'FAIL'}`);
}
if (want('storage')) {
  const r = await storageBench(backend);
  results.storage = r;
  console.log(`\n(c) Storage: ${r.trials} trials, ${r.intermediatePerTrial} intermediate values each (median of ${r.repeats} calls through engine.call)`);
  console.log(table(['query', 'ms', 'target ms'], r.rows.map((x) => [x.query, x.ms, x.targetMs])));
  console.log(r.pass ? 'PASS' : 'FAIL');
}
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${resultsFile}`);
