/**
 * The command executor ("tune anything"): each trial runs the user's program
 * with the params as JSON on stdin and as MB_PARAM_<NAME> environment
 * variables. Its last stdout line is the result; earlier lines shaped
 * {"step": n, "value": v} are intermediate reports, so commands can be pruned.
 * argv runs without a shell; `shell` runs as `sh -c`.
 */
import { spawn } from 'node:child_process';
import type { Params } from '../tuner/types.ts';
import type { CommandSpec } from './config.ts';
import { INTERRUPTED_PREFIX, type TrialExecutor, type TrialOutcome } from './executor.ts';

const STDERR_TAIL = 2000;
const MAX_STDOUT_LINE = 1 << 20;

export const envName = (param: string): string => `MB_PARAM_${param.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

export function paramEnv(params: Params): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) env[envName(k)] = v === null ? '' : String(v);
  return env;
}

/** A result line: a number, comma-separated numbers, or JSON {"value": x} / {"values": [...]}. */
export function parseResultLine(line: string): number[] | null {
  const text = line.trim();
  if (!text) return null;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const j = JSON.parse(text) as unknown;
      if (Array.isArray(j)) return j.every((x) => typeof x === 'number') ? (j as number[]) : null;
      const o = j as { value?: unknown; values?: unknown };
      if (typeof o.value === 'number') return [o.value];
      if (Array.isArray(o.values) && o.values.every((x) => typeof x === 'number')) return o.values as number[];
    } catch {
      return null;
    }
    return null;
  }
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$|^[-+]?(Infinity|NaN)$/.test(p))) return null;
  return parts.map(Number);
}

/** An intermediate report line {"step": n, "value": v}, or null. */
export function parseReportLine(line: string): { step: number; value: number } | null {
  const t = line.trim();
  if (!t.startsWith('{') || !t.includes('"step"')) return null;
  try {
    const o = JSON.parse(t) as { step?: unknown; value?: unknown };
    return Number.isInteger(o.step) && typeof o.value === 'number' ? { step: o.step as number, value: o.value } : null;
  } catch {
    return null;
  }
}

export function createCommandExecutor(spec: CommandSpec, study: { id: string; nObjectives: number }): TrialExecutor {
  return ({ number, params }, hooks) => {
    const [file, args] = spec.argv ? [spec.argv[0], spec.argv.slice(1)] : ['sh', ['-c', spec.shell as string]];
    const child = spawn(file, args, {
      shell: false,
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, ...paramEnv(params), MB_STUDY_ID: study.id, MB_TRIAL_NUMBER: String(number) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let partial = '';
    let lastLine = '';
    let stop: { pruned: boolean; step: number | null; reason: string } | null = null;
    // Reports are stored in the order printed; the outcome waits for the last one.
    let reports: Promise<void> = Promise.resolve();
    const onLine = (line: string) => {
      if (!line.trim()) return;
      lastLine = line;
      const r = parseReportLine(line);
      if (!r) return;
      reports = reports.then(async () => {
        if (!stop && (await hooks.report(r.step, r.value).catch(() => false))) {
          stop = { pruned: true, step: r.step, reason: 'pruned' };
          child.kill('SIGTERM');
        }
      });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      if (partial.length > MAX_STDOUT_LINE) partial = partial.slice(-MAX_STDOUT_LINE);
      lines.forEach(onLine);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-STDERR_TAIL)));
    child.stdin.on('error', () => {}); // a program that never reads stdin closes it early
    child.stdin.end(JSON.stringify(params));
    const timer = setTimeout(() => {
      stop ??= { pruned: false, step: null, reason: `timed out after ${spec.timeoutMs} ms` };
      child.kill('SIGKILL');
    }, spec.timeoutMs);

    const done = new Promise<TrialOutcome>((resolve) => {
      child.on('error', (error) => {
        clearTimeout(timer);
        resolve({ state: 'failed', error: `cannot run ${file}: ${error.message}` });
      });
      child.on('close', async (code, signal) => {
        clearTimeout(timer);
        onLine(partial);
        await reports;
        const tail = stderr.trim() ? `\n--- stderr (tail) ---\n${stderr.trim()}` : '';
        if (stop?.pruned) return resolve({ state: 'pruned', step: stop.step });
        if (stop && stop.reason.startsWith(INTERRUPTED_PREFIX)) return resolve({ state: 'failed', error: stop.reason, interrupted: true });
        if (stop) return resolve({ state: 'failed', error: `command ${stop.reason}${tail}` });
        if (code !== 0) return resolve({ state: 'failed', error: `command exited with ${code ?? signal}${tail}` });
        const values = parseResultLine(lastLine);
        if (!values) return resolve({ state: 'failed', error: `cannot read a result from the last stdout line ${JSON.stringify(lastLine.slice(0, 200))} (expected a number, comma-separated numbers or {"value": x})${tail}` });
        if (values.length !== study.nObjectives) return resolve({ state: 'failed', error: `the command printed ${values.length} value(s) but the study has ${study.nObjectives} objective(s)` });
        resolve({ state: 'complete', values });
      });
    });
    return {
      done,
      cancel(reason) {
        stop ??= { pruned: false, step: null, reason: `${INTERRUPTED_PREFIX}${reason}` };
        child.kill('SIGTERM');
      },
    };
  };
}
