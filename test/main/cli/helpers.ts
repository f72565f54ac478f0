/** Spawns the real CLI (`node main/cli/main.ts ...`) against a temporary --home. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = new URL('../../../', import.meta.url).pathname;
export const samples = join(repoRoot, 'assets', 'samples');

export type CliResult = { code: number | null; stdout: string; stderr: string; lines: string[] };

export function cli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'main/cli/main.ts'), ...args], {
      cwd: repoRoot,
      // The cpu backend keeps the tests independent of which optional backends are installed.
      env: { ...process.env, MODELBENCH_BACKEND: 'cpu', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

/** A temp folder with a home/ inside; removed when the test ends. */
export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'mb-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeFile(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The one-line error contract: "modelbench: error: …" on stderr. */
export function errorLine(r: CliResult): string {
  const line = r.stderr.split('\n').find((l) => l.startsWith('modelbench: error: '));
  if (!line) throw new Error(`no error line in stderr:\n${r.stderr}`);
  return line;
}
