/**
 * Command objectives in the study setup: the option is disabled with the reason
 * and the flag on a host started without `--allow-commands` (the shared one), and
 * runs the user's program on a host started with it (this spec's own host).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { startOwnHost, type OwnHost } from '../support/own-host.ts';

async function openStudySetup(page: Page) {
  await page.getByTestId('sample-select').selectOption('iris');
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText(/iris/i);
  await page.getByTestId('nav-studies').click();
  await page.getByTestId('study-new').click();
  await expect(page.getByTestId('study-setup')).toBeVisible();
}

test('without the opt-in the command option is disabled and says how to allow it', async ({ page }) => {
  await openApp(page);
  await openStudySetup(page);
  await expect(page.getByTestId('trial-kind-command')).toBeDisabled();
  await expect(page.getByTestId('trial-kind-train')).toBeChecked();
  const reason = page.getByTestId('command-disabled-reason');
  await expect(reason).toContainText('modelbench serve --allow-commands');
  await expect(reason).toContainText('MODELBENCH_ALLOW_COMMANDS=1');
  await shot(page, 'study-setup-commands-disabled');
});

test.describe('on a host started with --allow-commands', () => {
  let tmp = '';
  let host: OwnHost | undefined;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    tmp = mkdtempSync(join(tmpdir(), 'modelbench-e2e-commands-'));
    host = await startOwnHost('commands', tmp, join(tmp, 'home'), ['--allow-commands']);
  });
  test.afterAll(async () => {
    await host?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  test('a command study runs the program for each trial', async ({ page }) => {
    await page.goto(host!.url);
    await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
    await openStudySetup(page);
    await page.getByTestId('trial-kind-command').check();
    await expect(page.getByTestId('command-disabled-reason')).toHaveCount(0);
    // The default space tunes the learning rate; the program reports it back as the value.
    await page.getByTestId('command-shell').fill('echo "$MB_PARAM_HYPERPARAMS_OPTIMIZER_LEARNINGRATE"');
    await page.getByTestId('study-name').fill('echo-study');
    await page.getByTestId('study-trials').fill('3');
    await page.getByTestId('study-workers').fill('1');
    await shot(page, 'study-setup-command');
    await page.getByTestId('study-start').click();
    await expect(page.getByTestId('study-title')).toHaveText('echo-study');
    await expect(page.getByTestId('study-live')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(page.getByTestId('study-count-complete')).toHaveText('3');
  });
});
