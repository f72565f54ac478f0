/**
 * Every screen stays readable on a real, varied workbench: nothing pushes the
 * page sideways at 1400×900 or 1024×768 (wide tables scroll inside their
 * card), the lineage graph shows the experiment's own runs with the family on
 * demand, Compare warns about runs that are not comparable, History shows,
 * sorts and filters regression metrics and pruned trials, and bad form values
 * are marked on the field with Start disabled.
 *
 * The workbench is trained for real by test/e2e/support/seed-workbench.ts in
 * this spec's OWN home, served by its own engine + web host.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot } from '../support/app.ts';
import { startSeededHost, type SeededHost } from '../support/own-host.ts';
import type { WorkbenchSummary } from '../support/seed-workbench.ts';

let seeded: SeededHost<WorkbenchSummary> | undefined;
let s: WorkbenchSummary;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  seeded = await startSeededHost<WorkbenchSummary>('readability', 'test/e2e/support/seed-workbench.ts');
  s = seeded.summary;
});

test.afterAll(async () => {
  await seeded?.stop();
});

async function open(page: Page) {
  await page.goto(seeded!.host.url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
}

/** The page's own width: equal to the viewport's when nothing sticks out sideways. */
async function pageWidths(page: Page): Promise<{ scroll: number; view: number }> {
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
}

async function openHistory(page: Page) {
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row').first()).toBeVisible();
}

async function selectInHistory(page: Page, ids: readonly string[]) {
  for (const id of ids) await page.locator(`[data-testid=history-row][data-run-id="${id}"] [data-testid=history-select]`).check();
}

for (const [width, height] of [[1400, 900], [1024, 768]] as const) {
  test(`no screen scrolls sideways at ${width}×${height}`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    await open(page);
    const check = async (screen: string) => {
      // Let charts and late rows settle, then measure.
      await page.waitForTimeout(250);
      const w = await pageWidths(page);
      expect.soft(w.scroll, `${screen} at ${width}×${height}: page ${w.scroll} px wide in a ${w.view} px window`).toBe(w.view);
      if (width === 1024) await shot(page, `narrow-${screen}`);
    };

    await page.getByTestId('dataset-item').filter({ hasText: 'breast_cancer' }).click();
    await expect(page.getByTestId('dataset-preview-table').locator('thead th')).toHaveCount(31);
    await check('datasets');
    // The dataset's own buttons stay within the window's width.
    const button = await page.getByTestId('dataset-new-run').boundingBox();
    expect.soft((button?.x ?? Infinity) + (button?.width ?? 0), 'the New run button is within the window').toBeLessThanOrEqual(width);

    await page.getByTestId('nav-new-run').click();
    await check('new-run');
    await page.getByTestId('nav-training').click();
    await check('training');

    await openHistory(page);
    await check('history');
    await selectInHistory(page, s.runs.map((r) => r.id));
    await page.getByTestId('compare-selected').click();
    await expect(page.getByTestId('compare-metrics').locator('thead th')).toHaveCount(11);
    await check('compare');

    await openHistory(page);
    await page.locator(`[data-testid=history-row][data-run-id="${s.runs[7].id}"] [data-testid=history-open]`).click();
    await expect(page.getByTestId('run-detail')).toBeVisible();
    await check('run-detail');
    await page.getByTestId('compress-run').click();
    await expect(page.getByTestId('experiment-builder')).toBeVisible();
    await check('experiment-builder');

    await page.getByTestId('nav-studies').click();
    const studyRow = (id: string) => page.locator(`[data-testid=study-row][data-study-id="${id}"]`);
    await expect(page.getByTestId('study-row')).toHaveCount(2);
    await check('studies');
    await studyRow(s.studyId).getByTestId('study-select').check();
    await studyRow(s.secondStudyId).getByTestId('study-select').check();
    await page.getByTestId('study-compare-selected').click();
    await expect(page.getByTestId('study-compare-card')).toHaveCount(2);
    await expect(page.getByTestId('study-compare-history').locator('canvas').first()).toBeVisible();
    await check('study-compare');
    await page.getByTestId('nav-studies').click();
    await studyRow(s.studyId).getByTestId('study-open').click();
    await expect(page.getByTestId('trials-table')).toHaveAttribute('data-total', '8');
    await check('study-live');
    await page.getByTestId('nav-studies').click();
    await page.getByTestId('study-new').click();
    await check('study-setup');

    await page.getByTestId('nav-experiments').click();
    await check('experiments');
    await page.getByTestId('experiment-row').first().getByTestId('experiment-open').click();
    await expect(page.getByTestId('experiment-detail')).toBeVisible();
    await check('experiment-detail');
  });
}

test('lineage: the experiment’s own runs by default, the whole family on demand', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-experiments').click();
  await expect(page.getByTestId('experiment-row')).toHaveCount(2);
  await page.getByTestId('experiment-row').first().getByTestId('experiment-open').click();
  const card = page.getByTestId('lineage-card');
  // Base + its pruned run; the other prune experiment on the same base makes a family of 3.
  await expect(card).toHaveAttribute('data-nodes', '2');
  await expect(card).toHaveAttribute('data-family', '3');
  await expect(card.getByTestId('lineage-chart').locator('canvas').first()).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'lineage-experiment');
  const toggle = card.getByTestId('lineage-family-toggle');
  await expect(toggle).toHaveText('Whole family (3 runs)');
  await toggle.click();
  await expect(card).toHaveAttribute('data-nodes', '3');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'lineage-family');
  await toggle.click();
  await expect(card).toHaveAttribute('data-nodes', '2');
});

test('compare: runs of different datasets are flagged, not ranked; runs of one dataset are', async ({ page }) => {
  await open(page);
  await openHistory(page);
  await selectInHistory(page, s.runs.map((r) => r.id));
  await page.getByTestId('compare-selected').click();
  const warning = page.getByTestId('compare-warning');
  await expect(warning).toContainText('3 different datasets');
  await expect(warning).toContainText('classification and regression');
  await expect(page.getByTestId('compare-metrics').locator('td.best')).toHaveCount(0);
  // 2 epochs next to 40: progress is the default axis.
  await expect(page.getByTestId('compare-x-mode')).toHaveValue('progress');
  const diff = page.getByTestId('config-diff');
  await expect(diff).toContainText('breast_cancer');
  await expect(diff).not.toContainText('ds_');
  await expect(diff).not.toContainText('null');
  await shot(page, 'compare-ten-runs');

  await openHistory(page);
  await selectInHistory(page, [s.runs[0].id, s.runs[1].id]);
  await page.getByTestId('compare-selected').click();
  await expect(page.getByTestId('compare-metrics').locator('td.best').first()).toBeVisible();
  await expect(page.getByTestId('compare-warning')).toHaveCount(0);
  await expect(page.getByTestId('compare-x-mode')).toHaveValue('epoch');
  await page.getByTestId('compare-x-mode').selectOption('progress');
  await expect(page.getByTestId('compare-x-mode')).toHaveValue('progress');
});

test('history: R² and MSE of regression runs, pruned trials, clean numbers', async ({ page }) => {
  expect(s.prunedRunIds.length, 'the seeded study pruned some trials').toBeGreaterThan(0);
  await open(page);
  await openHistory(page);
  const regression = page.locator(`[data-testid=history-row][data-run-id="${s.regressionRunId}"]`);
  await expect(regression.getByTestId('history-r2')).toHaveText(/^-?\d/);
  await expect(regression.getByTestId('history-mse')).toHaveText(/^\d/);
  const classification = page.locator(`[data-testid=history-row][data-run-id="${s.runs[0].id}"]`);
  await expect(classification.getByTestId('history-r2')).toHaveText('—');

  for (const id of s.prunedRunIds) {
    await expect(page.locator(`[data-testid=history-row][data-run-id="${id}"]`).getByTestId('status-badge')).toHaveText('pruned');
  }
  await shot(page, 'history-regression-pruned');

  // R² and MSE sort: the regression run has the only R² and MSE in the workbench, so it leads both best-first sorts.
  for (const key of ['valR2', 'valMse'] as const) {
    await page.getByTestId(`sort-${key}`).click();
    await expect(page.getByTestId('history-row').first()).toHaveAttribute('data-run-id', s.regressionRunId);
  }
  // The status filter selects pruned trials, and only them.
  await page.getByTestId('history-status').selectOption('pruned');
  await expect(page.getByTestId('history-row')).toHaveCount(s.prunedRunIds.length);
  expect((await page.getByTestId('history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run-id')))).sort()).toEqual([...s.prunedRunIds].sort());
  await page.locator(`[data-testid=history-row][data-run-id="${s.prunedRunIds[0]}"] [data-testid=history-open]`).click();
  await expect(page.getByTestId('run-pruned')).toContainText(/pruned at epoch \d+/);
  await expect(page.getByTestId('screen-run-detail').getByTestId('status-badge').first()).toHaveText('pruned');

  // Dataset previews show values as they were written, not float32 noise (122.800003, 16.799999).
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('dataset-item').filter({ hasText: 'breast_cancer' }).click();
  const cells = await page.getByTestId('dataset-preview-table').locator('td.num').allTextContents();
  expect(cells.length).toBeGreaterThan(100);
  expect(cells.filter((c) => /\.\d*(9999|0000)\d*$/.test(c))).toEqual([]);
});

test('bad values are marked on their field and keep Start disabled, in every form', async ({ page }) => {
  await open(page);
  await page.getByTestId('nav-new-run').click();
  const start = page.getByTestId('start-run');
  await expect(start).toBeEnabled();

  await test.step('new run: epochs, learning rate, a layer width, the split', async () => {
    const epochs = page.getByTestId('hp-epochs');
    await epochs.fill('0');
    await expect(epochs).toHaveAttribute('aria-invalid', 'true');
    const message = page.locator(`#${await epochs.getAttribute('aria-describedby')}`);
    await expect(message).toHaveText('Must be at least 1');
    await expect(start).toBeDisabled();
    await expect(page.getByTestId('start-blocked')).toBeVisible();
    await epochs.fill('2.5');
    await expect(message).toHaveText('Enter a whole number');
    await epochs.fill('');
    await expect(message).toHaveText('Enter a number');
    await epochs.fill('5');
    await expect(epochs).not.toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeEnabled();

    await page.getByTestId('hp-lr').fill('0');
    await expect(page.getByTestId('hp-lr')).toHaveAttribute('aria-invalid', 'true');
    await expect(start).toBeDisabled();
    await page.getByTestId('hp-lr').fill('0.01');

    const units = page.locator('[data-testid=layer-list] > li').first().getByTestId('layer-field-units');
    await units.fill('0');
    await expect(units).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('model-count-blocked')).toBeVisible();
    await expect(start).toBeDisabled();
    await shot(page, 'new-run-invalid');
    await units.fill('16');
    await expect(page.getByTestId('param-count')).toHaveText(/\d/);

    await page.getByTestId('hp-split-val').fill('0.5');
    await page.getByTestId('hp-split-test').fill('0.5');
    await expect(page.getByTestId('hyperparams-form')).toContainText('Validation + test must leave data to train on');
    await expect(start).toBeDisabled();
    await page.getByTestId('hp-split-test').fill('0.15');
    await expect(start).toBeEnabled();
    // Nothing was sent: no engine error banner at any point.
    await expect(page.getByTestId('start-error')).toHaveCount(0);
  });

  await test.step('study setup: trials, workers, epochs per trial', async () => {
    await page.getByTestId('nav-studies').click();
    await page.getByTestId('study-new').click();
    const studyStart = page.getByTestId('study-start');
    await expect(studyStart).toBeEnabled();
    for (const [testid, value, text] of [['study-trials', '0', 'Must be at least 1'], ['study-workers', '1.5', 'Enter a whole number'], ['study-epochs', '0', 'Must be at least 1']] as const) {
      const field = page.getByTestId(testid);
      await field.fill(value);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
      await expect(page.locator(`#${await field.getAttribute('aria-describedby')}`)).toHaveText(text);
      await expect(studyStart).toBeDisabled();
    }
    await shot(page, 'study-setup-invalid');
  });

  await test.step('experiment builder: sparsity and epochs', async () => {
    await openHistory(page);
    await page.locator(`[data-testid=history-row][data-run-id="${s.runs[1].id}"] [data-testid=history-open]`).click();
    await page.getByTestId('compress-run').click();
    const builderStart = page.getByTestId('builder-start');
    await expect(builderStart).toBeEnabled();
    await page.getByTestId('builder-sparsity').fill('0.5, 1.2');
    await expect(page.getByTestId('builder-sparsity')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('experiment-builder').getByTestId('field-error')).toHaveText('1.2: must be less than 1');
    await expect(builderStart).toBeDisabled();
    await page.getByTestId('builder-sparsity').fill('0.5');
    await page.getByTestId('builder-epochs').fill('0');
    await expect(page.getByTestId('builder-epochs')).toHaveAttribute('aria-invalid', 'true');
    await expect(builderStart).toBeDisabled();
    await shot(page, 'builder-invalid');
    await page.getByTestId('builder-epochs').fill('');
    await expect(builderStart).toBeEnabled();
  });
});
