/**
 * Studies end to end through the real engine: define a small search on iris
 * (with a conditional param and both kinds of validation error), run it with
 * two workers, watch the history chart fill in live, export the best model,
 * then run a second study and compare the two. Screenshots of every study
 * screen go to test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

/**
 * Iris trials take well under a second, so polling could miss the chart's
 * intermediate states: record every value the history point count takes instead.
 */
async function watchHistoryCount(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { __historyCounts: number[] }).__historyCounts = seen;
    const read = () => {
      const el = document.querySelector('[data-testid=history-point-count]');
      const n = el ? Number(el.getAttribute('data-count')) : NaN;
      if (Number.isFinite(n) && seen.at(-1) !== n) seen.push(n);
    };
    read();
    new MutationObserver(read).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-count'] });
  });
}
const historyCounts = (page: Page) => page.evaluate(() => (window as unknown as { __historyCounts: number[] }).__historyCounts);

async function importIris(page: Page) {
  await page.getByTestId('sample-select').selectOption('iris');
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText(/iris/i);
}

async function setupBasics(page: Page, o: { name: string; trials: number; epochs: number; sampler: string }) {
  await page.getByTestId('nav-studies').click();
  await page.getByTestId('study-new').click();
  await expect(page.getByTestId('study-setup')).toBeVisible();
  await page.getByTestId('study-dataset-select').selectOption({ label: 'iris' });
  await page.getByTestId('study-name').fill(o.name);
  await page.getByTestId('study-epochs').fill(String(o.epochs));
  await page.getByTestId('study-batch-size').fill('16');
  await page.getByTestId('study-sampler').selectOption(o.sampler);
  await page.getByTestId('study-trials').fill(String(o.trials));
  await page.getByTestId('study-workers').fill('2');
}

test('define a study on iris, run it with 2 workers, watch it live, export the best, compare', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await importIris(page);

  const params = page.getByTestId('space-param');
  await test.step('set up a study with a conditional param', async () => {
    // 40 epochs per trial (about 3 s of work on 2 workers): long enough that the live chart,
    // redrawn at most every 500 ms, certainly shows the study part-way through.
    await setupBasics(page, { name: 'iris-tpe', trials: 8, epochs: 40, sampler: 'tpe' });
    await page.getByTestId('study-pruner').selectOption('median');
    await expect(params).toHaveCount(1); // the learning rate comes by default
    await page.getByTestId('quick-add-depth').click();
    await page.getByTestId('quick-add-activation').click();
    await expect(params).toHaveCount(7);
    // Keep the search small: depth 1..2 needs units_0 and the conditional units_1 only.
    await page.locator('[data-name=depth] [data-testid=param-high]').fill('2');
    for (const n of ['units_3', 'units_2']) await page.locator(`[data-name=${n}] [data-testid=param-remove]`).click();
    await expect(params).toHaveCount(5);
    await expect(page.locator('[data-name=units_1] [data-testid=param-when-param]')).toHaveValue('depth');
  });

  await test.step('typing mistakes and engine validation errors are shown on the form', async () => {
    await page.getByTestId('add-param').click();
    const extra = params.last();
    await extra.getByTestId('param-name').fill('dropout');
    await extra.getByTestId('param-low').fill('0');
    await extra.getByTestId('param-log').check();
    // Shown as it is typed; Start waits until the row is fixed.
    await expect(extra.getByTestId('param-error')).toContainText('log scale needs low > 0');
    await expect(page.getByTestId('study-start')).toBeDisabled();
    // Valid as a space, refused by the engine: a batch size of 0 cannot train.
    await extra.getByTestId('param-name').fill('hyperparams.batchSize');
    await extra.getByTestId('param-kind').selectOption('fixed');
    await extra.getByTestId('param-value').fill('0');
    await page.getByTestId('study-start').click();
    await expect(page.getByTestId('study-create-error')).toContainText(/batchSize/);
    await expect(extra.getByTestId('param-error')).toContainText(/batchSize/);
    await extra.getByTestId('param-remove').click();
    await expect(params).toHaveCount(5);
    await shot(page, 'study-setup');
  });

  await test.step('run it and watch the charts update live', async () => {
    await watchHistoryCount(page);
    await page.getByTestId('study-start').click();
    await expect(page.getByTestId('study-live')).toBeVisible();
    await expect(page.getByTestId('study-title')).toHaveText('iris-tpe');
    await expect(page.getByTestId('study-history-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('study-live')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await expect(page.getByTestId('history-point-count')).toHaveAttribute('data-count', '8');
    // The chart grew while the study ran: it showed some finished trials before all of them.
    const counts = await historyCounts(page);
    expect(counts.filter((n) => n > 0 && n < 8).length, `history counts seen: ${counts.join(', ')}`).toBeGreaterThan(0);
    expect(counts.at(-1)).toBe(8);
    await expect(page.getByTestId('study-progress')).toHaveText('8 / 8 trials finished');
    await expect(page.getByTestId('trials-table')).toHaveAttribute('data-total', '8');
    await expect(page.getByTestId('trial-row')).toHaveCount(8);
    await expect(page.getByTestId('study-timeline-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('study-parallel-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('study-best-0')).toHaveText(/\d/);
    // Server-side sort: best accuracy first.
    await page.getByTestId('trial-sort-value').click();
    await expect(page.getByTestId('trial-row').first()).toContainText(await page.getByTestId('study-best-0').innerText());
  });

  await test.step('export the best model', async () => {
    await page.getByTestId('study-export-best').click();
    await expect(page.getByTestId('study-export-result')).toBeVisible();
    const link = page.getByTestId('study-export-file').filter({ hasText: 'model.json' });
    await expect(link).toHaveCount(1);
    const href = (await link.getAttribute('href')) ?? '';
    const res = await page.request.get(new URL(href, page.url()).toString());
    expect(res.status()).toBe(200);
    expect(JSON.parse(await res.text())).toHaveProperty('modelTopology');
    await shot(page, 'study-live');
  });

  await test.step('a second study, then compare the two', async () => {
    await setupBasics(page, { name: 'iris-random', trials: 3, epochs: 2, sampler: 'random' });
    await page.getByTestId('quick-add-optimizer').click();
    await page.getByTestId('study-start').click();
    await expect(page.getByTestId('study-live')).toHaveAttribute('data-status', 'finished', { timeout: 60_000 });
    await page.getByTestId('nav-studies').click();
    // Other specs share the host and create studies of their own: pick these two by name.
    const rows = page.getByTestId('study-row');
    const tpe = rows.filter({ hasText: 'iris-tpe' });
    const random = rows.filter({ hasText: 'iris-random' });
    await expect(tpe).toHaveCount(1);
    await expect(random).toHaveCount(1);
    await tpe.getByTestId('study-select').check();
    await random.getByTestId('study-select').check();
    await page.getByTestId('study-compare-selected').click();
    await expect(page.getByTestId('study-compare-card')).toHaveCount(2);
    await expect(page.getByTestId('study-compare-history').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('study-compare')).toContainText('iris-tpe');
    await expect(page.getByTestId('study-compare')).toContainText('iris-random');
    await shot(page, 'study-compare');
  });
});
