/**
 * Several processes share one data folder: while the UI trains a run, the real
 * CLI runs as separate processes on the same home (`modelbench runs --json`,
 * then `modelbench train --dataset iris --epochs 2`). Both must succeed, the
 * UI's run must go on and finish 'completed' with all its epochs, and the CLI's
 * run must appear in History. Own home and web host: the CLI must not touch the
 * suite's shared data folder.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { shot } from '../support/app.ts';
import { startOwnHost, type OwnHost } from '../support/own-host.ts';

/** Digits with the default CNN: a fraction of a second per epoch here, so the run outlasts both CLI commands many times over. */
const UI_EPOCHS = 150;
const CLI = join(process.cwd(), 'main', 'cli', 'main.ts');

let tmp = '';
let home = '';
let host: OwnHost | undefined;

test.beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'modelbench-e2e-cli-'));
  home = join(tmp, 'home');
  host = await startOwnHost('cli-while-training', tmp, home, []);
});

test.afterAll(async () => {
  await host?.stop();
  if (tmp && !process.env.MODELBENCH_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
});

type CliResult = { code: number; stdout: string; stderr: string };

/** The real CLI, as its own Node process (what `modelbench …` runs). */
async function cli(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 16 << 20, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

const jsonLines = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; name: string; status: string; epochsDone: number });

async function importSample(page: Page, sample: string) {
  await page.getByTestId('sample-select').selectOption(sample);
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText(sample);
}

async function historyStatus(page: Page, runId: string): Promise<string> {
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-search').fill(runId);
  const row = page.locator(`[data-testid=history-row][data-run-id="${runId}"]`);
  await expect(row).toHaveCount(1);
  return (await row.getByTestId('status-badge').textContent()) ?? '';
}

// Before job owners (main/run/ownership.ts), every engine start marked EVERY running run of
// the folder 'interrupted', the UI's included: this spec failed at the CLI step.
test('the CLI runs against the data folder while the UI trains; nothing is interrupted', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto(host!.url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  await importSample(page, 'iris');
  await importSample(page, 'digits');

  let runId = '';
  await test.step('start a long run in the UI', async () => {
    await page.getByTestId('dataset-new-run').click();
    await page.getByTestId('run-name').fill('ui-long-run');
    await page.getByTestId('hp-epochs').fill(String(UI_EPOCHS));
    await page.getByTestId('hp-batch-size').fill('64');
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('training-view')).toBeVisible();
    runId = (await page.getByTestId('training-view').getAttribute('data-run-id')) ?? '';
    expect(runId).not.toBe('');
    // Training for real before the CLI starts: an epoch has been reported.
    await expect.poll(async () => Number(await page.getByTestId('curve-point-count').getAttribute('data-count')), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('training-view').getByTestId('status-badge').first()).toHaveText('running');
  });

  let cliRunId = '';
  await test.step('the CLI lists the runs and trains its own, as separate processes', async () => {
    const list = await cli(['runs', '--home', home, '--json']);
    expect(list.code, list.stderr).toBe(0);
    const listed = jsonLines(list.stdout).find((r) => r.id === runId);
    expect(listed?.status, 'the CLI sees the UI run training').toBe('running');

    const train = await cli(['train', '--home', home, '--dataset', 'iris', '--epochs', '2', '--json']);
    expect(train.code, train.stderr).toBe(0);
    const run = jsonLines(train.stdout).at(-1);
    expect(run?.status).toBe('completed');
    cliRunId = run?.id ?? '';

    // The UI run was not touched by either process: still training, in the UI and in the store.
    await expect(page.getByTestId('training-view').getByTestId('status-badge').first()).toHaveText('running');
    const again = jsonLines((await cli(['runs', '--home', home, '--json'])).stdout).find((r) => r.id === runId);
    expect(again?.status).toBe('running');
  });

  await test.step('the UI run finishes completed with all its epochs', async () => {
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 240_000 });
    await expect(page.getByTestId('run-error')).toHaveCount(0);
    await expect(page.getByTestId('training-progress')).toHaveAttribute('aria-valuenow', '100');
    await page.getByTestId('open-run-detail').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('ui-long-run');
    await expect(page.getByTestId('screen-run-detail').getByTestId('status-badge').first()).toHaveText('completed');
    await expect(page.getByTestId('run-epochs')).toHaveText(String(UI_EPOCHS));
  });

  await test.step('both runs are in History', async () => {
    expect(await historyStatus(page, runId)).toBe('completed');
    expect(await historyStatus(page, cliRunId)).toBe('completed');
    await shot(page, 'history-cli-run');
  });
});
