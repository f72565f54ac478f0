import { test as teardown } from '@playwright/test';
import { existsSync, rmSync } from 'node:fs';
import { HOST_INFO_FILE, readHostInfo } from '../support/host-info.ts';

teardown('stop the web host', async () => {
  if (!existsSync(HOST_INFO_FILE)) return;
  const info = readHostInfo();
  try {
    process.kill(info.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  // Give it a moment to close the database before removing its home.
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(info.pid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  if (!process.env.MODELBENCH_E2E_KEEP) rmSync(info.tmp, { recursive: true, force: true });
  rmSync(HOST_INFO_FILE, { force: true });
});
