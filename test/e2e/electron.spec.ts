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
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const HINT = 'run on a machine with internet where `npx electron --version` works';

/** The Electron executable, or why there is none (without triggering a download). */
function findElectron(): { path: string } | { reason: string } {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const override = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(override) ? { path: override } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no executable (${override})` };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { path: executable } : { reason: `the binary ${executable} is missing` };
}

const found = findElectron();
const built = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].filter((f) => !existsSync(join(root, f)));

test.describe('desktop app (Electron)', () => {
  test.skip('reason' in found, `Electron binary not available: ${'reason' in found ? found.reason : ''}; ${HINT}`);
  test.skip(built.length > 0, `the app is not built (${built.join(', ')} missing); run \`npm run build\` first`);

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
