/**
 * Sample-efficiency benchmark of the tuner core against Optuna, in one run:
 *   node bench/tuner.ts [--trials 60] [--seeds 5] [--functions branin,...] [--no-optuna]
 * Starts shared/bench/optuna_reference.py (Optuna TPE and random) in the
 * background, runs our TPE, GP and random on the same four functions
 * meanwhile, then prints median regrets side by side and writes
 * bench/results/tuner.json. shared = $MODELBENCH_SHARED or ../shared.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync, closeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSampler, type SamplerName } from '../main/tuner/samplers/index.ts';
import { FUNCTIONS } from './tuner/functions.ts';
import { runStudy, type StudyResult } from './tuner/run-study.ts';
import { bootstrapMedianDiff, median } from './tuner/stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const trials = Number(arg('trials', '60'));
const seeds = Number(arg('seeds', '5'));
const functions = FUNCTIONS.filter((f) => arg('functions', FUNCTIONS.map((g) => g.name).join(',')).split(',').includes(f.name));
const ours: SamplerName[] = ['tpe', 'gp', 'random'];
const shared = process.env.MODELBENCH_SHARED ?? resolve(root, '..', 'shared');

type OptunaLine = { function: string; sampler: string; seed: number; regret?: number; skipped?: string };

function startOptuna(): Promise<OptunaLine[]> | null {
  if (process.argv.includes('--no-optuna')) return null;
  const script = join(shared, 'bench', 'optuna_reference.py');
  const outFile = join(mkdtempSync(join(tmpdir(), 'tuner-bench-')), 'optuna.jsonl');
  const fd = openSync(outFile, 'w');
  const args = [script, '--trials', String(trials), '--seeds', String(seeds), '--samplers', 'tpe,random', '--functions', functions.map((f) => f.name).join(',')];
  // Output goes to a file: our studies hold the event loop, and a pipe could fill up meanwhile.
  const child = spawn('/usr/bin/python3', args, { stdio: ['ignore', fd, 'inherit'] });
  return new Promise((done) => {
    child.on('error', (e) => { console.error(`optuna reference did not start: ${e.message}`); done([]); });
    child.on('close', (code) => {
      closeSync(fd);
      if (code !== 0) console.error(`optuna reference exited with ${code}`);
      done(readFileSync(outFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as OptunaLine));
    });
  });
}

const optunaPromise = startOptuna();
const t0 = performance.now();
const results: (StudyResult & { seconds: number })[] = [];
for (const f of functions)
  for (const name of ours)
    for (let seed = 0; seed < seeds; seed++) {
      const s0 = performance.now();
      const r = runStudy(f, createSampler(name), seed, trials);
      results.push({ ...r, seconds: (performance.now() - s0) / 1000 });
    }
const oursSeconds = (performance.now() - t0) / 1000;
const optuna = optunaPromise ? await optunaPromise : [];

const regrets = (src: { function: string; sampler: string; regret?: number }[], fn: string, sampler: string) =>
  src.filter((r) => r.function === fn && r.sampler === sampler && typeof r.regret === 'number').map((r) => r.regret!);
const fmt = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x !== 0 && Math.abs(x) < 0.001 ? x.toExponential(1) : x.toPrecision(3));

const summary = functions.map((f) => {
  const m = (src: typeof results | OptunaLine[], s: string) => { const r = regrets(src, f.name, s); return r.length ? median(r) : null; };
  const row = { function: f.name, tpe: m(results, 'tpe'), gp: m(results, 'gp'), random: m(results, 'random'), optunaTpe: m(optuna, 'tpe'), optunaRandom: m(optuna, 'random') };
  const bestOurs = Math.min(row.tpe!, row.gp!);
  const oursBeatsOptunaTpe = row.optunaTpe === null ? null : bestOurs <= row.optunaTpe;
  const ci = row.optunaRandom === null ? null : bootstrapMedianDiff(regrets(results, f.name, 'random'), regrets(optuna, f.name, 'random'));
  return { ...row, bestOurs, oursBeatsOptunaTpe, randomDiffCI95: ci, randomMatches: ci === null ? null : ci[0] <= 0 && ci[1] >= 0 };
});

const header = ['function', 'ours tpe', 'ours gp', 'ours random', 'optuna tpe', 'optuna random', 'best(tpe,gp) ≤ optuna tpe', 'random ≈ optuna random (95% CI of diff)'];
const rows = summary.map((s) => [s.function, fmt(s.tpe), fmt(s.gp), fmt(s.random), fmt(s.optunaTpe), fmt(s.optunaRandom),
  s.oursBeatsOptunaTpe === null ? '—' : s.oursBeatsOptunaTpe ? 'yes' : 'no',
  s.randomDiffCI95 === null ? '—' : `${s.randomMatches ? 'yes' : 'no'} [${fmt(s.randomDiffCI95[0])}, ${fmt(s.randomDiffCI95[1])}]`]);
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`median regret over ${seeds} seeds × ${trials} trials (lower is better)`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
const wins = summary.filter((s) => s.oursBeatsOptunaTpe).length;
console.log(`target: best of our TPE/GP ≤ Optuna TPE on ≥ 3 of ${summary.length} functions → ${wins} (${wins >= 3 ? 'met' : 'not met'})`);
console.log(`our studies took ${oursSeconds.toFixed(1)} s`);

const out = join(root, 'bench', 'results', 'tuner.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({
  date: new Date().toISOString(), node: process.version, trials, seeds, samplers: ours, oursSeconds,
  summary, ours: results.map(({ bestSoFar, ...r }) => ({ ...r, bestSoFar: bestSoFar.map((v) => Number(v.toPrecision(6))) })), optuna,
}, null, 1)}\n`);
console.log(`wrote ${out}`);
