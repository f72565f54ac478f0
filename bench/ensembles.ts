/**
 * Ensemble benchmark: every method through the engine API (as the UI and the
 * CLI call it) on digits and breast cancer (../shared/datasets), several
 * seeds, and scikit-learn's counterparts on the same row splits in the same
 * run (bench/ensembles-reference.py, Debian's python3-sklearn).
 *
 *   node bench/ensembles.ts [--seeds 3] [--members 5] [--epochs 50] [--trials 20] [--workers 2]
 *        [--datasets digits,breast_cancer] [--no-reference]
 *
 * Per (dataset, seed): 5 MLP members (hidden 32, Adam, the split of that seed)
 * trained once and shared by voting, selection and stacking (over those runs);
 * bagging and AdaBoost train their own; a 20-trial TPE study (learning rate,
 * width) feeds a selection over its trials, against the study's best trial.
 * "Best member" is the member with the best validation accuracy (what one
 * would pick without looking at test), "oracle" the best on test.
 * Targets (issue): selection and stacking beat the best single member on test
 * in the median over seeds; bagging and stacking match or beat scikit-learn's;
 * a 10-member selection from stored runs builds in under a second.
 * Writes bench/results/ensembles.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { EnsembleDetail, EnsembleEvent, EnsembleRequestInput } from '../main/api/contract.ts';
import { createEngine, type Engine } from '../main/engine/engine.ts';
import { median } from '../main/util/stats.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '3' }, members: { type: 'string', default: '5' }, epochs: { type: 'string', default: '50' },
    trials: { type: 'string', default: '20' }, workers: { type: 'string', default: '2' }, datasets: { type: 'string', default: 'digits,breast_cancer' },
    'no-reference': { type: 'boolean', default: false },
  },
});
const here = dirname(fileURLToPath(import.meta.url));
const sharedData = join(here, '..', '..', 'shared', 'datasets');
const seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i);
const N = Number(values.members);
const epochs = Number(values.epochs);
const trials = Number(values.trials);
const HIDDEN = 32;
const LR = 0.001;
const BATCH = 32;
const spec = { layers: [{ kind: 'dense' as const, units: HIDDEN, activation: 'relu' as const, useBias: true }] };
const hyperparams = { epochs, batchSize: BATCH, optimizer: { kind: 'adam' as const, learningRate: LR } };

type Row = { dataset: string; seed: number; method: string; test: number; val: number; bestMember: number; meanMember: number; oracle: number; seconds: number; note?: string };

async function ensemble(engine: Engine, request: EnsembleRequestInput): Promise<{ e: EnsembleDetail; seconds: number }> {
  const started = performance.now();
  let id = '';
  const ended = new Promise<void>((resolve) => {
    const stop = engine.subscribe((name, payload) => {
      const ev = payload as EnsembleEvent;
      if (name === 'ensemble.event' && ev.type === 'ensemble-finished' && ev.ensembleId === id) {
        stop();
        resolve();
      }
    });
  });
  id = (await engine.call('ensembles.create', request)).ensembleId;
  await ended;
  const seconds = (performance.now() - started) / 1000;
  const e = await engine.call('ensembles.get', { ensembleId: id });
  if (e.status !== 'completed') throw new Error(`${request.method} ${e.status}: ${e.error}`);
  return { e, seconds };
}

/** Best (by validation), mean and oracle (best on test) of members' test accuracies. */
function memberStats(members: { val: number; test: number }[]) {
  const best = members.reduce((a, b) => (b.val > a.val ? b : a));
  return { bestMember: best.test, meanMember: members.reduce((s, m) => s + m.test, 0) / members.length, oracle: Math.max(...members.map((m) => m.test)) };
}
const statsOf = (e: EnsembleDetail, roles: string[] = ['member', 'final', 'stage']) =>
  memberStats(e.members.filter((m) => roles.includes(m.role) && m.metrics?.test).map((m) => ({ val: m.metrics!.val!.accuracy, test: m.metrics!.test!.accuracy })));

async function waitStudy(engine: Engine, studyId: string) {
  for (;;) {
    const { study } = await engine.call('studies.get', { studyId });
    if (study.status !== 'running') return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const started = Date.now();
const home = mkdtempSync(join(tmpdir(), 'mb-bench-ensembles-'));
const engine = await createEngine({ home, workers: Number(values.workers) });
const rows: Row[] = [];
const splits: Record<string, { csv: string; splits: { seed: number; train: number[]; val: number[]; test: number[] }[] }> = {};
const selectionTimes: number[] = [];
console.log(`ensembles bench: ${values.datasets}; seeds ${seeds.join(',')}; ${N} members MLP(${HIDDEN}) × ${epochs} epochs; study ${trials} trials; loadavg ${loadavg()[0].toFixed(2)}`);
try {
  for (const name of values.datasets!.split(',')) {
    const csv = join(sharedData, `${name}.csv`);
    const header = readFileSync(csv, 'utf8').split(/\r?\n/, 1)[0].split(',').map((c) => c.trim());
    const dataset = await engine.call('datasets.importPath', { path: csv, name, label: header.at(-1)!, task: 'classification' });
    splits[name] = { csv, splits: [] };
    for (const seed of seeds) {
      const base = { datasetId: dataset.id, spec, hyperparams, seed };
      // The shared members: N seeds of the MLP on the split of `seed`, as a voting ensemble.
      const voting = await ensemble(engine, { method: 'voting', members: N, ...base });
      const runIds = voting.e.members.map((m) => m.runId!);
      const split = JSON.parse(readFileSync(join(home, 'runs', runIds[0], 'split.json'), 'utf8'));
      splits[name].splits.push({ seed, ...split });
      const shared = statsOf(voting.e);
      const add = (method: string, r: { e: EnsembleDetail; seconds: number }, stats = shared, note?: string) => {
        rows.push({ dataset: name, seed, method, test: r.e.metrics.test!.accuracy, val: r.e.metrics.val!.accuracy, ...stats, seconds: r.seconds, ...(note ? { note } : {}) });
        console.log(`${name} seed ${seed} ${method}: test ${r.e.metrics.test!.accuracy.toFixed(4)} (best member ${stats.bestMember.toFixed(4)}, mean ${stats.meanMember.toFixed(4)}) in ${r.seconds.toFixed(1)} s`);
      };
      add('voting', voting);
      add('selection', await ensemble(engine, { method: 'selection', runIds, seed }));
      add('stacking', await ensemble(engine, { method: 'stacking', runIds, folds: 5, seed }));
      const bag = await ensemble(engine, { method: 'bagging', members: N, ...base });
      add('bagging', bag, statsOf(bag.e), `out-of-bag ${bag.e.report.outOfBag?.value.toFixed(4)}`);
      const boost = await ensemble(engine, { method: 'boosting', members: N, ...base });
      add('adaboost', boost, statsOf(boost.e), `${boost.e.report.stages?.length} stages${boost.e.report.notes?.length ? ` (${boost.e.report.notes[0]})` : ''}`);

      // Selection from a study's trials against its best trial.
      const study = await engine.call('studies.create', {
        config: {
          name: `${name} seed ${seed}`, datasetId: dataset.id, base: { spec, hyperparams }, seed, nTrials: trials, workers: Number(values.workers), sampler: 'tpe',
          space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 3e-4, high: 1e-2, log: true }, 'spec.layers.0.units': { kind: 'int', low: 8, high: 64 } } },
          objectives: [{ kind: 'metric', metric: 'val_accuracy' }],
        },
      } as never);
      await engine.call('studies.start', { studyId: study.id });
      await waitStudy(engine, study.id);
      const fromStudy = await ensemble(engine, { method: 'selection', studyId: study.id, seed });
      const studyStats = statsOf(fromStudy.e);
      add('selection (study)', fromStudy, studyStats, `best trial by val: test ${studyStats.bestMember.toFixed(4)}`);
      // A 10-member selection from stored runs: the build time, end to end through the API.
      const top10 = await ensemble(engine, { method: 'selection', studyId: study.id, top: 10, seed });
      selectionTimes.push(top10.seconds);
      console.log(`  10-member selection from stored runs: ${top10.seconds.toFixed(3)} s`);
    }
  }
} finally {
  await engine.close();
}

// scikit-learn on the same splits, same run.
type Ref = { dataset: string; seed: number; method: string; val_accuracy: number | number[]; test_accuracy: number | number[]; fit_seconds: number };
let reference: Ref[] = [];
if (!values['no-reference']) {
  const splitsFile = join(home, 'splits.json');
  writeFileSync(splitsFile, JSON.stringify({ datasets: splits }));
  const r = spawnSync('/usr/bin/python3', [join(here, 'ensembles-reference.py'), '--splits', splitsFile, '--members', String(N), '--hidden', String(HIDDEN), '--epochs', String(epochs), '--lr', String(LR), '--batch', String(BATCH)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) console.log(`scikit-learn reference failed (${r.status}): ${r.stderr.slice(-2000)}`);
  reference = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Ref);
}
rmSync(home, { recursive: true, force: true });

const SK: Record<string, string> = { voting: 'voting', bagging: 'bagging', stacking: 'stacking', adaboost: 'adaboost' };
const spread = (xs: number[]) => `${median(xs).toFixed(4)} [${Math.min(...xs).toFixed(4)}–${Math.max(...xs).toFixed(4)}]`;
const table: Record<string, unknown>[] = [];
console.log(`\nTest accuracy, median over ${seeds.length} seeds [min–max]; loadavg ${loadavg()[0].toFixed(2)}`);
console.log(['dataset', 'method', 'ours', 'best member (val-picked)', 'mean member', 'oracle member', 'beats best (seeds)', 'scikit-learn', 'sk best member', 'sk mean member'].join(' | '));
for (const dataset of [...new Set(rows.map((r) => r.dataset))]) {
  const skMembers = reference.filter((r) => r.dataset === dataset && r.method === 'members');
  const skBest = skMembers.map((r) => {
    const val = r.val_accuracy as number[];
    return (r.test_accuracy as number[])[val.indexOf(Math.max(...val))];
  });
  const skMean = skMembers.map((r) => (r.test_accuracy as number[]).reduce((a, b) => a + b, 0) / (r.test_accuracy as number[]).length);
  for (const method of [...new Set(rows.map((r) => r.method))]) {
    const mine = rows.filter((r) => r.dataset === dataset && r.method === method);
    const sk = reference.filter((r) => r.dataset === dataset && r.method === SK[method]).map((r) => r.test_accuracy as number);
    const wins = mine.filter((r) => r.test > r.bestMember).length;
    const line = {
      dataset, method, ours: median(mine.map((r) => r.test)), oursSpread: spread(mine.map((r) => r.test)), bestMember: median(mine.map((r) => r.bestMember)),
      meanMember: median(mine.map((r) => r.meanMember)), oracle: median(mine.map((r) => r.oracle)), wins, seeds: mine.length,
      sklearn: sk.length ? median(sk) : null, sklearnSpread: sk.length ? spread(sk) : null,
      seconds: median(mine.map((r) => r.seconds)),
    };
    table.push(line);
    console.log([dataset, method, line.oursSpread, spread(mine.map((r) => r.bestMember)), spread(mine.map((r) => r.meanMember)), spread(mine.map((r) => r.oracle)), `${wins}/${mine.length}`,
      line.sklearnSpread ?? '-', skBest.length ? spread(skBest) : '-', skMean.length ? spread(skMean) : '-'].join(' | '));
  }
}
console.log(`\n10-member selection from stored runs: median ${median(selectionTimes).toFixed(3)} s, max ${Math.max(...selectionTimes).toFixed(3)} s over ${selectionTimes.length} builds (target < 1 s)`);
console.log(`total ${((Date.now() - started) / 60000).toFixed(1)} min`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'ensembles.json'), `${JSON.stringify({ settings: { seeds, members: N, epochs, trials, hidden: HIDDEN, lr: LR, batch: BATCH }, table, rows, reference, selectionSeconds: selectionTimes }, null, 2)}\n`);
