/**
 * The diagnostics overhead where it counts (bench/explain.ts's 'overhead'
 * section): whole runs of the real trainer (trainRun, as a training worker
 * runs it) with hyperparams.diagnostics on and off, alternating (on off, off
 * on, …), on the reference MLP (4096 rows × 20 epochs) and CNN (2048 × 5).
 *
 * Two settings:
 * - warm: every run in this process after a warm-up run both ways, as in a
 *   training worker that has run before;
 * - cold (--cold N): each run in a fresh node process, as the first run of a
 *   new training worker, where V8 still has to compile the probe's code.
 * Three clocks per run: wall; CPU of the process (every thread: V8's compiler
 * and garbage-collector threads too); CPU of the training thread alone. On a
 * loaded machine the CPU clocks are what stay readable; the thread's is what
 * delays training on a machine with a free core.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunConfig, type DatasetMeta } from '../main/api/schemas.ts';
import { initBackend } from '../main/backend/select.ts';
import { MODEL_PRESETS } from '../main/model/presets.ts';
import { trainRun } from '../main/train/trainer.ts';
import { median, quantile } from '../main/util/stats.ts';
import { BENCH_INPUT, randomData, type BenchModel } from './models.ts';

export type OverheadCase = { name: BenchModel; samples: number; epochs: number };
type Measured = { wall: number; cpu: number; thread: number; probed: number };
const CLOCKS = ['wall', 'cpu', 'thread'] as const;

export function overheadCases(quick: boolean, models: readonly string[]): OverheadCase[] {
  const all: OverheadCase[] = [
    // The MLP at its default 20 epochs: ~25 ms per epoch on the dense-stack path, so one-time costs show.
    { name: 'mlp', samples: quick ? 2048 : 4096, epochs: quick ? 10 : 20 },
    { name: 'cnn', samples: quick ? 1024 : 2048, epochs: quick ? 2 : 5 },
  ];
  return all.filter((c) => models.includes(c.name));
}

/** One trainRun of the case's reference preset in this process. */
async function runOnce(c: OverheadCase, enabled: boolean): Promise<Measured> {
  const { x, y } = randomData(c.name, c.samples);
  const { inputShape, classes } = BENCH_INPUT[c.name];
  const meta: DatasetMeta = {
    id: 'bench', name: 'bench', source: 'csv', task: 'classification', inputShape, numSamples: c.samples, classes: Array.from({ length: classes }, (_, k) => String(k)),
    featureNames: [], labelName: 'y', classCounts: [], createdAt: new Date(0).toISOString(),
  };
  const config = RunConfig.parse({
    datasetId: 'bench', spec: MODEL_PRESETS.find((p) => p.id === `${c.name}-reference`)!.spec, seed: 1,
    hyperparams: { epochs: c.epochs, batchSize: 64, optimizer: { kind: 'adam', learningRate: 1e-3 }, split: { validation: 0.15, test: 0 }, diagnostics: { enabled } },
  });
  const artifactDir = mkdtempSync(join(tmpdir(), 'mb-bench-diag-'));
  let probed = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const th0 = process.threadCpuUsage();
  const r = await trainRun({ runId: 'bench', config, meta, data: { x, y }, artifactDir }, { onEvent: (e) => void (e.type === 'diagnostics' && probed++) });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const thread = process.threadCpuUsage(th0);
  rmSync(artifactDir, { recursive: true, force: true });
  if (r.status !== 'completed') throw new Error(`bench run ${r.status}: ${r.error}`);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, thread: (thread.user + thread.system) / 1e6, probed };
}

/** One run in a fresh node process (this file as a script), as a new training worker's first run. */
function runCold(c: OverheadCase, enabled: boolean): Measured {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify({ c, enabled })], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as Measured;
}

const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)}%`;
const range = (v: number[]) => `${median(v).toFixed(2)} (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`;

/** `pairs` on/off pairs per case, alternating which goes first; prints one line per clock. */
export async function benchOverhead(cases: OverheadCase[], pairs: number, cold: boolean): Promise<void> {
  console.log(`\nDiagnostics overhead (${cold ? 'cold: each run in a fresh process' : 'warm: one process, after a warm-up run both ways'}): trainRun with diagnostics on vs off, default probe (128 validation rows), ${pairs} pairs alternating`);
  console.log('model (clock) | samples | epochs | on: median (min–max) s | off: median (min–max) s | overhead of medians | per-pair overhead median (quartiles) | epochs probed (median)');
  for (const c of cases) {
    const run = (enabled: boolean) => (cold ? Promise.resolve(runCold(c, enabled)) : runOnce(c, enabled));
    if (!cold) {
      await run(true);
      await run(false);
    }
    const on: Measured[] = [];
    const off: Measured[] = [];
    for (let i = 0; i < pairs; i++) {
      for (const enabled of i % 2 === 0 ? [true, false] : [false, true]) (enabled ? on : off).push(await run(enabled));
    }
    for (const clock of CLOCKS) {
      const a = on.map((m) => m[clock]);
      const b = off.map((m) => m[clock]);
      const ratios = a.map((t, i) => t / b[i]);
      console.log([
        `${c.name}-reference (${clock})`, c.samples, c.epochs, range(a), range(b), pct(median(a) / median(b)),
        `${pct(median(ratios))} (${pct(quantile(ratios, 0.25))}…${pct(quantile(ratios, 0.75))})`, `${median(on.map((m) => m.probed))}/${c.epochs}`,
      ].join(' | '));
    }
  }
}

if (process.argv[2] === '--child') {
  const { c, enabled } = JSON.parse(process.argv[3]) as { c: OverheadCase; enabled: boolean };
  await initBackend();
  console.log(JSON.stringify(await runOnce(c, enabled)));
}
