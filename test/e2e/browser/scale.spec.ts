/**
 * History and the Live study trials table at scale, functionally (timings are
 * bench/ui-scale.ts's job): 10,000 seeded runs and a 10,000-trial study in this
 * spec's OWN temporary home, served by its own engine + web host, so the
 * shared host of the other specs never sees them. Seeding and serving run as
 * separate Node processes (test/e2e/support/seed-scale.ts, serve.ts), like
 * global.setup does, so Playwright's loader never loads the engine.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ScaleSummary } from '../support/seed-scale.ts';
import { shot } from '../support/app.ts';
import { startSeededHost, type SeededHost } from '../support/own-host.ts';

const ROW_PX = 30; // renderer/src/screens/study-live/trials-table.svelte
/** Rows the virtualised table may hold at once: a viewport (340 px / 30 px) plus overscan, with room to spare. */
const MAX_TRIAL_ROWS = 60;

let seeded: SeededHost<ScaleSummary> | undefined;
let url = '';
let s: ScaleSummary;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  seeded = await startSeededHost<ScaleSummary>('scale', 'test/e2e/support/seed-scale.ts');
  s = seeded.summary;
  url = seeded.host.url;
});

test.afterAll(async () => {
  await seeded?.stop();
});

const n = (x: number) => x.toLocaleString('en-US');
/** Row k of History's default sort (newest first). */
const newest = (k: number) => s.ids[s.runs - 1 - k];

async function open(page: Page) {
  await page.goto(url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
}

test('History pages, sorts, filters and searches 10,000 runs with one page in the DOM', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-history').click();
  const total = page.getByTestId('screen-history').locator('.page-head p');
  const rows = page.getByTestId('history-row');
  const pager = page.getByTestId('history-pager');

  await test.step('the first page of 10,000, newest first', async () => {
    await expect(total).toHaveText(`${n(s.runs)} runs`);
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toHaveAttribute('data-run-id', newest(0));
    await expect(rows.last()).toHaveAttribute('data-run-id', newest(49));
    await expect(pager).toContainText(`Page 1 of ${s.runs / 50}`);
    await shot(page, 'scale-history');
  });

  const valAcc = async () => (await rows.locator('td:nth-child(5)').allTextContents()).map((t) => (t.trim() === '—' ? NaN : Number(t)));
  await test.step('sorting by val accuracy: best first, then worst first', async () => {
    await page.getByTestId('sort-valAccuracy').click();
    await expect(rows.first()).toHaveAttribute('data-run-id', s.bestValAccuracy.id);
    await expect(rows).toHaveCount(50);
    const desc = await valAcc();
    expect(desc.every((v, i) => i === 0 || v <= desc[i - 1])).toBe(true);
    await page.getByTestId('sort-valAccuracy').click();
    await expect(rows.first()).toHaveAttribute('data-run-id', s.worstValAccuracy.id);
    const asc = await valAcc();
    expect(asc.every((v, i) => i === 0 || v >= asc[i - 1])).toBe(true);
    await page.getByTestId('sort-createdAt').click();
    await expect(rows.first()).toHaveAttribute('data-run-id', newest(0));
  });

  await test.step('the status filter keeps only that status, and its total', async () => {
    await page.getByTestId('history-status').selectOption('diverged');
    await expect(total).toHaveText(`${n(s.byStatus.diverged)} runs`);
    await expect(rows).toHaveCount(50);
    expect(new Set(await rows.getByTestId('status-badge').allTextContents())).toEqual(new Set(['diverged']));
    await page.getByTestId('history-status').selectOption('');
    await expect(total).toHaveText(`${n(s.runs)} runs`);
  });

  await test.step('the dataset filter keeps only that dataset', async () => {
    const mnist = s.datasets.find((d) => d.name === 'mnist')!;
    await page.getByTestId('history-dataset').selectOption(mnist.id);
    await expect(total).toHaveText(`${n(s.byDataset[mnist.id])} runs`);
    expect(new Set((await rows.locator('td:nth-child(3)').allTextContents()).map((t) => t.trim()))).toEqual(new Set(['mnist']));
    await page.getByTestId('history-dataset').selectOption('');
    await expect(total).toHaveText(`${n(s.runs)} runs`);
  });

  await test.step('search finds exactly the runs whose notes hold the term', async () => {
    await page.getByTestId('history-search').fill(s.needle);
    await expect(total).toHaveText(`${n(s.needleIds.length)} runs`);
    await expect(rows).toHaveCount(s.needleIds.length);
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
    expect(new Set(ids)).toEqual(new Set(s.needleIds));
    await page.getByTestId('history-search').fill('');
    await expect(total).toHaveText(`${n(s.runs)} runs`);
  });

  await test.step('paging: a bigger page, the next page, never more than a page of rows', async () => {
    await pager.locator('select').selectOption('200');
    await expect(rows).toHaveCount(200);
    await expect(pager).toContainText(`Page 1 of ${s.runs / 200}`);
    await page.getByTestId('history-next').click();
    await expect(pager).toContainText(`Page 2 of ${s.runs / 200}`);
    await expect(rows.first()).toHaveAttribute('data-run-id', newest(200));
    await expect(rows).toHaveCount(200);
    await page.getByTestId('history-prev').click();
    await expect(rows.first()).toHaveAttribute('data-run-id', newest(0));
  });
});

test('the trials table of a 10,000-trial study renders a bounded window and scrolls to the end', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-studies').click();
  await page.locator(`[data-testid=study-row][data-study-id="${s.studyId}"] [data-testid=study-open]`).click();
  await expect(page.getByTestId('study-title')).toHaveText(s.studyName);

  const table = page.getByTestId('trials-table');
  const trialRows = table.getByTestId('trial-row');
  const numberAt = (i: number) => table.locator(`[data-testid=trial-row][aria-rowindex="${i + 1}"] .cell`).first();
  const scrollTo = (top: number | 'end') =>
    table.locator('.scroller').evaluate((el, t) => { el.scrollTop = t === 'end' ? el.scrollHeight : t; }, top);
  const bounded = async () => {
    const count = await trialRows.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(MAX_TRIAL_ROWS);
  };

  await test.step('the first rows, out of 10,000', async () => {
    await expect(table).toHaveAttribute('data-total', String(s.trials));
    await expect(table).toHaveAttribute('aria-rowcount', String(s.trials));
    await expect(numberAt(0)).toHaveText('0');
    await bounded();
    // Every trial is in the charts once the screen has loaded.
    await expect(page.getByTestId('study-count-complete')).toHaveText(String(s.trialCounts.complete));
    await shot(page, 'scale-study-live');
  });

  await test.step('scrolling to the middle shows the trials there', async () => {
    const mid = Math.floor(s.trials / 2);
    await scrollTo(mid * ROW_PX);
    await expect(numberAt(mid)).toHaveText(String(mid));
    await expect(numberAt(mid + 5)).toHaveText(String(mid + 5));
    await expect(table.locator('[data-testid=trial-row][aria-rowindex="1"]')).toHaveCount(0);
    await bounded();
  });

  await test.step('scrolling to the end reaches the last trials', async () => {
    await scrollTo('end');
    const last = s.trials - 1;
    await expect(numberAt(last)).toHaveText(String(last));
    await expect(numberAt(last - 3)).toHaveText(String(last - 3));
    await expect(table.locator(`[data-testid=trial-row][aria-rowindex="${Math.floor(s.trials / 2) + 1}"]`)).toHaveCount(0);
    await bounded();
  });
});
