/**
 * Runs the PyTorch reference (shared/bench/torch_reference.py) and parses its
 * JSON lines. Returns a reason instead of figures when python3/torch is missing.
 *
 * Besides the script's wall-clock seconds, each figure carries `cpu_seconds`:
 * the thread CPU time of the same training loop (the script is loaded with
 * runpy and its clock wrapped, so the loop itself is unchanged). On a machine
 * shared with other work, wall time mostly measures the share of a core each
 * side got; CPU time measures the work (bench/run.ts prints both ratios).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type TorchFigure = { model: string; threads: number; samples: number; seconds: number; samples_per_s: number; cpu_seconds?: number };

/**
 * Calls the script's run() per model with time.perf_counter wrapped to note the
 * thread CPU time too: run() reads the clock just before and just after its
 * training loop, so the last two notes bracket exactly the timed work. A short
 * run first, its output dropped, warms PyTorch up (allocator, kernels) as our
 * side is warmed up before its clock starts (bench/train-job.ts).
 */
const CPU_WRAPPER = `
import contextlib, io, json, runpy, sys, time
script, threads, samples, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
ns = runpy.run_path(script)
marks = []
class Clock:
    def __getattr__(self, name): return getattr(time, name)
    def perf_counter(self):
        marks.append(time.thread_time())
        return time.perf_counter()
ns['run'].__globals__['time'] = Clock()
for model in ('cnn', 'mlp'):
    with contextlib.redirect_stdout(io.StringIO()):
        ns['run'](model, threads, 640, 1, 64)
    ns['run'](model, threads, samples, epochs, 64)
    print(json.dumps({'model': model, 'cpu_seconds': marks[-1] - marks[-2]}), flush=True)
`;
export type TorchRun = { ok: true; figures: TorchFigure[] } | { ok: false; reason: string };

export const PYTHON = '/usr/bin/python3';

export function sharedDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  return process.env.MODELBENCH_SHARED ?? resolve(repoRoot, '..', 'shared');
}

export function runTorchReference(samples: number, threads = 1, epochs = 2): TorchRun {
  const script = join(sharedDir(), 'bench', 'torch_reference.py');
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  if (!existsSync(script)) return { ok: false, reason: `${script} not found (set MODELBENCH_SHARED)` };
  const r = spawnSync(PYTHON, ['-c', CPU_WRAPPER, script, String(threads), String(samples), String(epochs)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) {
    const err = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim();
    const missingTorch = /No module named ['"]?torch/.test(err);
    return { ok: false, reason: missingTorch ? `PyTorch is not installed for ${PYTHON} (apt-get install python3-torch)` : `reference failed: ${err.split('\n').slice(-3).join(' ')}` };
  }
  // The script's own lines (model, seconds, samples_per_s) each followed by the wrapper's cpu_seconds.
  const figures: TorchFigure[] = [];
  for (const line of r.stdout.split('\n').filter((l) => l.trim().startsWith('{'))) {
    const parsed = JSON.parse(line) as Partial<TorchFigure>;
    const last = figures[figures.length - 1];
    if (parsed.samples_per_s === undefined && last?.model === parsed.model) last.cpu_seconds = parsed.cpu_seconds;
    else figures.push(parsed as TorchFigure);
  }
  return { ok: true, figures };
}
