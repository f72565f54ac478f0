import { defineConfig } from '@playwright/test';
import { electronSkipReason } from './test/e2e/support/electron-binary.ts';

/**
 * Two kinds of end-to-end tests live in test/e2e:
 *  - browser: the built renderer served by the real engine + web host (started once by
 *    the 'browser-setup' project, stopped by 'browser-teardown'), driven in Chromium;
 *  - electron: test/e2e/electron.spec.ts, which launches the desktop shell itself.
 * Setup is a project dependency rather than a globalSetup so that `--project electron`
 * does not start a web host it never uses.
 */
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// Workers load this file too: print once, from the runner, why the Electron spec will skip.
const electronSkip = electronSkipReason();
if (electronSkip && process.env.TEST_WORKER_INDEX === undefined) console.log(`[electron] e2e spec will be SKIPPED: ${electronSkip}`);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  // The machine is shared and training is CPU-bound: one worker keeps timings predictable.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 150_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  projects: [
    { name: 'browser-setup', testMatch: /browser\/global\.setup\.ts/, teardown: 'browser-teardown' },
    { name: 'browser-teardown', testMatch: /browser\/global\.teardown\.ts/ },
    {
      name: 'browser',
      testMatch: /browser\/.*\.spec\.ts/,
      dependencies: ['browser-setup'],
      use: {
        browserName: 'chromium',
        // No browser download is possible here: use the system Chromium unless told otherwise.
        launchOptions: { executablePath: process.env.MODELBENCH_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
        viewport: { width: 1400, height: 900 },
        trace: 'retain-on-failure',
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
