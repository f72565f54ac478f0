/**
 * The main journey: import a CSV, build a model in the layer editor, train and
 * watch the curve update live, find the run in History, train a second run,
 * compare both, open one and export it. Screenshots of every screen go to
 * test-results/screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';

const IRIS = join(process.cwd(), 'assets', 'samples', 'iris.csv');

async function pointCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('curve-point-count').getAttribute('data-count'));
}

async function setEpochs(page: Page, epochs: number, batchSize: number) {
  await page.getByTestId('hp-epochs').fill(String(epochs));
  await page.getByTestId('hp-batch-size').fill(String(batchSize));
}

test('import → build → train live → history → second run → compare → export', async ({ page }) => {
  await openApp(page);

  await test.step('import iris.csv through the file input', async () => {
    await page.getByTestId('csv-file-input').setInputFiles(IRIS);
    await expect(page.getByTestId('csv-label-select')).toHaveValue('species');
    await page.getByTestId('csv-import-button').click();
    // Other specs share this host and may have imported iris first: a second one is 'iris (2)'.
    await expect(page.getByTestId('dataset-title')).toHaveText(/^iris( \(\d+\))?$/);
    await expect(page.getByTestId('dataset-samples')).toHaveText('150');
    await expect(page.getByTestId('class-balance-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('dataset-preview-table').locator('tbody tr')).toHaveCount(20);
    await shot(page, 'datasets');
  });

  const topRows = page.locator('[data-testid=layer-list] > li');
  const paramCount = page.getByTestId('param-count');

  await test.step('build a model in the layer editor with a live parameter count', async () => {
    await page.getByTestId('dataset-new-run').click();
    await expect(page.getByTestId('screen-new-run')).toBeVisible();
    await expect(topRows).toHaveCount(2);
    await expect(paramCount).toHaveText(/\d/);
    const initial = await paramCount.textContent();

    await topRows.nth(0).getByTestId('layer-field-units').fill('24');
    await expect(paramCount).not.toHaveText(initial ?? '');

    // A conv layer cannot take tabular input: the engine's reason is shown.
    const rootAdd = page.getByTestId('add-layer-kind').last();
    await rootAdd.selectOption('conv2d');
    await page.getByTestId('add-layer-button').last().click();
    await expect(page.getByTestId('model-count-error')).toContainText(/conv2d/);
    await topRows.nth(2).getByTestId('layer-remove').click();
    await expect(page.getByTestId('model-count-error')).toHaveCount(0);

    // A residual block with a dropout inside it, moved above the second dense layer.
    await rootAdd.selectOption('residual');
    await page.getByTestId('add-layer-button').last().click();
    const residual = topRows.nth(2);
    await expect(residual).toHaveAttribute('data-kind', 'residual');
    await residual.getByTestId('add-layer-kind').selectOption('dropout');
    await residual.getByTestId('add-layer-button').click();
    await expect(residual.getByTestId('residual-body').locator('> li')).toHaveCount(2);
    await residual.getByTestId('layer-up').first().click();
    await expect(topRows.nth(1)).toHaveAttribute('data-kind', 'residual');
    await expect(paramCount).toHaveText(/\d/);

    await page.getByTestId('run-name').fill('first-mlp');
    // Long enough (150 epochs) that the run is certainly still going when the first live points arrive.
    await setEpochs(page, 150, 8);
    await shot(page, 'new-run');
  });

  await test.step('train and watch the curve update live', async () => {
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('training-view')).toBeVisible();
    await expect(page.getByTestId('loss-chart').locator('canvas').first()).toBeVisible();
    // Some points while still running, more later: the chart is fed by live events.
    await expect.poll(() => pointCount(page), { timeout: 60_000 }).toBeGreaterThan(0);
    const early = await pointCount(page);
    await expect(page.getByTestId('status-badge').first()).toHaveText('running');
    await shot(page, 'training');
    await expect.poll(() => pointCount(page), { timeout: 60_000 }).toBeGreaterThan(early);
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('training-progress')).toHaveAttribute('aria-valuenow', '100');
    await shot(page, 'training-finished');
  });

  await test.step('find the run in History', async () => {
    await page.getByTestId('nav-history').click();
    // Other specs share this data folder: scope History to this spec's runs by searching their names.
    await page.getByTestId('history-search').fill('-mlp');
    await expect(page.getByTestId('history-row')).toHaveCount(1);
    await expect(page.getByTestId('history-row').first()).toContainText('first-mlp');
    await expect(page.getByTestId('history-row').first()).toContainText('completed');
  });

  await test.step('train a second run', async () => {
    await page.getByTestId('nav-new-run').click();
    await page.getByTestId('run-name').fill('second-mlp');
    await topRows.nth(0).getByTestId('layer-field-units').fill('8');
    await setEpochs(page, 12, 16);
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 90_000 });
  });

  await test.step('search, sort and select runs in History', async () => {
    await page.getByTestId('nav-history').click();
    const rows = page.getByTestId('history-row');
    await page.getByTestId('history-search').fill('-mlp');
    await expect(rows).toHaveCount(2);
    await page.getByTestId('history-search').fill('second');
    await expect(rows).toHaveCount(1);
    await page.getByTestId('history-search').fill('-mlp');
    await expect(rows).toHaveCount(2);
    await page.getByTestId('sort-name').click();
    await expect(rows.first()).toContainText('first-mlp');
    await page.getByTestId('sort-name').click();
    await expect(rows.first()).toContainText('second-mlp');
    await page.getByTestId('history-status').selectOption('failed');
    await expect(rows).toHaveCount(0);
    await page.getByTestId('history-status').selectOption('');
    await expect(rows).toHaveCount(2);
    await rows.nth(0).getByTestId('history-select').check();
    await rows.nth(1).getByTestId('history-select').check();
    await shot(page, 'history');
  });

  await test.step('compare the two runs', async () => {
    await page.getByTestId('compare-selected').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await expect(page.getByTestId('compare-chart-loss').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('compare-metrics').locator('th')).toContainText(['Metric', 'second-mlp', 'first-mlp']);
    await expect(page.getByTestId('config-diff')).toContainText('hyperparams.epochs');
    await shot(page, 'compare');
  });

  await test.step('open a run and export it', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-row').filter({ hasText: 'first-mlp' }).getByTestId('history-open').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('first-mlp');
    await expect(page.getByTestId('confusion-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('detail-chart-loss').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('run-seed')).toHaveText('42');
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-result')).toBeVisible();
    const links = page.getByTestId('export-download');
    await expect(links.filter({ hasText: 'model.json' })).toHaveCount(1);
    // The download link works with the session token and is refused without it.
    const href = (await links.filter({ hasText: 'model.json' }).getAttribute('href')) ?? '';
    const ok = await page.request.get(new URL(href, page.url()).toString());
    expect(ok.status()).toBe(200);
    expect(JSON.parse(await ok.text())).toHaveProperty('modelTopology');
    const denied = await page.request.get(new URL(href.replace(/token=[^&]+/, 'token=nope'), page.url()).toString());
    expect(denied.status()).toBe(401);
    await shot(page, 'run-detail');
  });
});
