/**
 * Runs the PyTorch reference (shared/bench/torch_reference.py) and parses its
 * JSON lines. Returns a reason instead of figures when python3/torch is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type TorchFigure = { model: string; threads: number; samples: number; seconds: number; samples_per_s: number };
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
  const r = spawnSync(PYTHON, [script, '--threads', String(threads), '--samples', String(samples), '--epochs', String(epochs)], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) {
    const err = `${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim();
    const missingTorch = /No module named ['"]?torch/.test(err);
    return { ok: false, reason: missingTorch ? `PyTorch is not installed for ${PYTHON} (apt-get install python3-torch)` : `reference failed: ${err.split('\n').slice(-3).join(' ')}` };
  }
  const figures = r.stdout.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as TorchFigure);
  return { ok: true, figures };
}
