/** Worker processes for the shared-study tests: the real CLI (`modelbench worker`), its output lines, and the study they share. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../main/engine/engine.ts';
import type { StudyConfig } from '../../../main/study/config.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;

export type WorkerProcess = {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching re (now or later). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Fast heartbeats and sweeps (a dead pid on this host is found at the next sweep, every 4 beats), and a lease
 * long enough that a worker starved of CPU on a loaded machine is never judged gone by mistake. A test that
 * needs expiry gives that one worker a short lease (`leaseMs`).
 */
const fast = (leaseMs: number) => ['--lease-ms', String(leaseMs), '--heartbeat-ms', '400', '--poll-ms', '150', '--retry-s', '60'];

export function startWorker(storage: string, args: string[], leaseMs = 60_000): WorkerProcess {
  const home = mkdtempSync(join(tmpdir(), 'mb-worker-'));
  const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), 'worker', '--storage', storage, '--home', home, ...fast(leaseMs), ...args], {
    cwd: repoRoot, env: { ...process.env, MODELBENCH_BACKEND: 'cpu' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve(m: RegExpExecArray): void }[] = [];
  let partial = '';
  const onData = (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const w of [...waiters]) {
        const m = w.re.exec(line);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ code, signal });
    }));
  return {
    child, lines, exited,
    waitFor(re, timeoutMs = 60_000) {
      for (const line of lines) {
        const m = re.exec(line);
        if (m) return Promise.resolve(m);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${re} in ${timeoutMs} ms; output:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ re, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
}

/**
 * A command study whose objective sleeps `ms` and prints (x - 1)²; each run of
 * a trial appends "<trial> <pid>" to `log`, so a test can count how often each
 * trial number was really executed.
 */
export async function createCommandStudy(storage: string, opts: { nTrials: number; ms: number; log: string }): Promise<string> {
  const program = `const x=Number(process.env.MB_PARAM_X);require('fs').appendFileSync(${JSON.stringify(opts.log)}, process.env.MB_TRIAL_NUMBER+' '+process.pid+'\\n');setTimeout(()=>console.log((x-1)**2), ${opts.ms})`;
  const config: Partial<StudyConfig> = {
    name: 'shared', space: { params: { x: { kind: 'float', low: -3, high: 3 } } } as never, sampler: { kind: 'tpe', options: {} } as never,
    objectives: [{ kind: 'command', direction: 'minimize' }], command: { argv: [process.execPath, '-e', program] } as never, nTrials: opts.nTrials, seed: 1,
  };
  const home = mkdtempSync(join(tmpdir(), 'mb-creator-'));
  const engine = await createEngine({ home, storage, workers: 1, readOnly: true });
  try {
    return (await engine.call('studies.create', { config: config as never })).id;
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
}
