/**
 * A private engine + web host for a spec that must not share the suite's data folder
 * (seeded scale data, extra allowed folders). Runs support/serve.ts as a child process
 * and waits for it to write its URL.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export type OwnHost = { url: string; stop(): Promise<void> };

/** `dir` holds the host's info and log files; `args` are extra serve.ts arguments (e.g. --allow DIR). */
export async function startOwnHost(label: string, dir: string, home: string, args: string[] = []): Promise<OwnHost> {
  const infoFile = join(dir, 'info.json');
  const logFile = join(dir, 'host.log');
  const log = openSync(logFile, 'a');
  const server: ChildProcess = spawn(process.execPath, ['test/e2e/support/serve.ts', '--home', home, '--info', infoFile, ...args], {
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 60_000;
  while (!existsSync(infoFile)) {
    if (server.exitCode !== null) throw new Error(`${label} web host exited (${server.exitCode}); see ${logFile}`);
    if (Date.now() > deadline) throw new Error(`${label} web host did not start; see ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = (JSON.parse(readFileSync(infoFile, 'utf8')) as { url: string }).url;
  return {
    url,
    async stop() {
      if (server.exitCode !== null || server.signalCode !== null) return;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    },
  };
}

export type SeededHost<S> = { host: OwnHost; home: string; summary: S; stop(): Promise<void> };

/**
 * A temporary home seeded by a support script (run as its own Node process:
 * `node SCRIPT --home HOME --out SUMMARY.json`), served by its own host.
 * stop() ends the host and removes the folder (kept with MODELBENCH_E2E_KEEP).
 */
export async function startSeededHost<S>(label: string, seedScript: string): Promise<SeededHost<S>> {
  const tmp = mkdtempSync(join(tmpdir(), `modelbench-e2e-${label}-`));
  const home = join(tmp, 'home');
  const summaryFile = join(tmp, 'summary.json');
  await promisify(execFile)(process.execPath, [seedScript, '--home', home, '--out', summaryFile], { maxBuffer: 1 << 20 });
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as S;
  const host = await startOwnHost(label, tmp, home, []);
  return {
    host, home, summary,
    async stop() {
      await host.stop();
      if (!process.env.MODELBENCH_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
