/**
 * The desktop app end to end: launches the built Electron app on a fresh data
 * folder, checks the window and the Datasets screen, and imports a sample
 * through the preload bridge (IPC → engine → SQLite).
 *
 * Electron ≥ 42 downloads its binary on first run, and require('electron')
 * would start that download; on machines without internet this spec must skip,
 * so it looks for the binary itself and never requires the package.
 */
import { test, expect, _electron as electron } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { electronSkipReason, findElectron, root } from './support/electron-binary.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const found = findElectron();
const skipReason = electronSkipReason(found);

test.describe('desktop app (Electron)', () => {
  test.skip(skipReason !== null, skipReason ?? '');

  test('opens a hardened window on the Datasets screen and imports a sample over IPC', async ({}, testInfo) => {
    const home = mkdtempSync(join(tmpdir(), 'mb-electron-'));
    const app = await electron.launch({
      executablePath: (found as { path: string }).path,
      // Root cannot use Chromium's OS sandbox; the renderer's own sandbox (webPreferences) stays on.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), root],
      env: { ...process.env, MODELBENCH_HOME: home, MODELBENCH_BACKEND: 'cpu' },
    });
    try {
      const page = await app.firstWindow();
      await expect(page).toHaveTitle('Modelbench');
      await expect(page.getByTestId('screen-datasets')).toBeVisible();
      await expect(page.getByTestId('connection-status')).toHaveText('Desktop');

      // The page runs without Node: only the bridge is exposed.
      const globals = await page.evaluate(() => ({ require: typeof (globalThis as { require?: unknown }).require, bridge: typeof (window as { modelbench?: { call?: unknown } }).modelbench?.call }));
      expect(globals).toEqual({ require: 'undefined', bridge: 'function' });
      // Navigation away and pop-ups are refused.
      await page.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);

      await page.getByTestId('sample-select').selectOption('iris');
      await page.getByTestId('sample-import-button').click();
      await expect(page.getByTestId('dataset-item').first()).toContainText('iris');
      await page.screenshot({ path: testInfo.outputPath('electron-datasets.png') });
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
