/**
 * Builds the renderer if needed and starts the real engine + web host on a fresh
 * temporary home, as a detached Node process (see test/e2e/support/serve.ts).
 */
import { test as setup } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HOST_INFO_FILE, type HostInfo } from '../support/host-info.ts';

setup('start the engine and web host', async () => {
  setup.setTimeout(180_000);
  if (!existsSync(join('dist', 'renderer', 'index.html'))) {
    execFileSync(process.execPath, [join('node_modules', 'vite', 'bin', 'vite.js'), 'build'], { stdio: 'inherit' });
  }
  const tmp = mkdtempSync(join(tmpdir(), 'modelbench-e2e-'));
  const infoFile = join(tmp, 'info.json');
  const log = openSync(join(tmp, 'host.log'), 'a');
  const child = spawn(process.execPath, ['test/e2e/support/serve.ts', '--home', join(tmp, 'home'), '--info', infoFile], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  child.unref();
  const deadline = Date.now() + 90_000;
  while (!existsSync(infoFile)) {
    if (child.exitCode !== null) throw new Error(`web host exited (${child.exitCode}); see ${join(tmp, 'host.log')}`);
    if (Date.now() > deadline) throw new Error(`web host did not start; see ${join(tmp, 'host.log')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const info: HostInfo = { ...JSON.parse(readFileSync(infoFile, 'utf8')), tmp };
  mkdirSync(dirname(HOST_INFO_FILE), { recursive: true });
  writeFileSync(HOST_INFO_FILE, JSON.stringify(info));
});
