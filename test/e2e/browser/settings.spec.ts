/**
 * The settings screen on its OWN engine + web host (a fresh data folder): it shows
 * where results are stored, refuses to save a PostgreSQL server it cannot reach
 * (with the engine's clear error, never the password), tests and saves one it can
 * reach, says the change applies at the next start, and the next start uses it.
 * The PostgreSQL part needs a server (MODELBENCH_TEST_PG_URL or Debian's
 * postgresql, as the store tests) and is skipped with the reason otherwise.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shot } from '../support/app.ts';
import { startOwnHost, type OwnHost } from '../support/own-host.ts';
import { freshDatabase, pgServer, SKIP_REASON, type PgServer } from '../../db/postgres/cluster.ts';

const SECRET = 'hunter2-e2e';
let tmp = '';
let home = '';
let host: OwnHost | undefined;
let server: PgServer | null = null;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'modelbench-e2e-settings-')));
  home = join(tmp, 'home');
  host = await startOwnHost('settings', join(tmp), home);
  server = await pgServer();
});

test.afterAll(async () => {
  await host?.stop();
  await server?.stop();
  if (tmp && !process.env.MODELBENCH_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
});

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-current')).toBeVisible();
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test('shows the store in use and refuses to save a server it cannot reach, without showing the password', async ({ page }) => {
  await openSettings(page, host!.url);
  await expect(page.getByTestId('settings-current')).toHaveText(`SQLite file ${join(home, 'modelbench.db')} · model files in the data folder`);
  await expect(page.getByTestId('settings-source')).toHaveText("the default: this data folder's own file");
  await expect(page.getByTestId('settings-save')).toBeDisabled();

  await page.getByTestId('settings-kind-postgresql').check();
  await page.getByTestId('settings-url').fill(`postgresql://mb@127.0.0.1:${await closedPort()}/bench`);
  await page.getByTestId('settings-password').fill(SECRET);
  await page.getByTestId('settings-test').click();
  await expect(page.getByTestId('settings-error')).toContainText('Cannot open postgresql://mb@127.0.0.1');
  await expect(page.getByTestId('settings-error')).toContainText('ECONNREFUSED');
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  expect(await page.locator('main').innerText()).not.toContain(SECRET);
  await shot(page, 'settings-unreachable');
});

test('tests and saves a PostgreSQL server for the next start, and the next start uses it', async ({ page }) => {
  test.skip(!server, SKIP_REASON);
  const db = await freshDatabase(server!.url);
  try {
    await openSettings(page, host!.url);
    await page.getByTestId('settings-kind-postgresql').check();
    await page.getByTestId('settings-url').fill(db.url);
    await page.getByTestId('settings-password').fill(SECRET);
    await page.getByTestId('settings-test').click();
    await expect(page.getByTestId('settings-test-ok')).toContainText('nothing stored there yet; Modelbench sets it up at the next start');
    // Changing a value after the test asks for another one.
    await page.getByTestId('settings-artifacts').selectOption('folder');
    await expect(page.getByTestId('settings-save')).toBeDisabled();
    await page.getByTestId('settings-artifacts').selectOption('database');
    await page.getByTestId('settings-test').click();
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-saved')).toContainText('Restart Modelbench to use it');
    await expect(page.getByTestId('settings-saved-next')).toContainText(`PostgreSQL ${db.url}`);
    await expect(page.getByTestId('settings-current')).toContainText('SQLite file', { useInnerText: true });
    expect(await page.locator('main').innerText()).not.toContain(SECRET);
    expect(new URL(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).storage).password).toBe(SECRET);
    await shot(page, 'settings-saved');

    // The next start of Modelbench on this data folder opens the saved store.
    await host!.stop();
    host = await startOwnHost('settings-restarted', mkdtempSync(join(tmp, 'restart-')), home);
    await openSettings(page, host.url);
    await expect(page.getByTestId('settings-current')).toHaveAttribute('data-kind', 'postgresql');
    await expect(page.getByTestId('settings-current')).toContainText(`PostgreSQL ${db.url}`);
    await expect(page.getByTestId('settings-source')).toHaveText('chosen in these settings');
    await expect(page.getByTestId('settings-saved-next')).toHaveCount(0);
    await expect(page.getByTestId('settings-password')).toHaveAttribute('placeholder', 'Leave empty to keep the saved password');
    await shot(page, 'settings-postgresql');
  } finally {
    await host?.stop();
    await db.drop();
  }
});
