/**
 * Explain and diagnose journey: train an iris MLP with a learning rate far too
 * high (Adam at 0.3), open its Explain tab (SHAP: exact on 4 features, bars,
 * beeswarm, waterfall, dependence; then permutation importance), open its
 * Diagnostics tab (the advisor's findings, marked loss curves, per-layer
 * distributions, histograms, gradient norms, dead units), start a new run with
 * the suggested change and compare the two runs.
 * Screenshots: run-explain, run-diagnostics, run-fix-compare.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('train → explain → diagnose → apply the suggested fix → compare', async ({ page }) => {
  test.setTimeout(150_000);
  await openApp(page);

  await test.step('train an MLP on iris with Adam at learning rate 0.3', async () => {
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('sample-select').selectOption('iris');
    await page.getByTestId('sample-import-button').click();
    await expect(page.getByTestId('dataset-title')).toHaveText(/^iris( \(\d+\))?$/);
    await page.getByTestId('dataset-new-run').click();
    await page.getByTestId('run-name').fill('too-hot');
    await page.getByTestId('hp-epochs').fill('20');
    await page.getByTestId('hp-batch-size').fill('16');
    await page.getByTestId('hp-lr').fill('0.3');
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('open-run-detail').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('too-hot');
  });

  await test.step('Explain: SHAP values of 20 rows, exact on 4 features, drawn four ways', async () => {
    await page.getByTestId('tab-explain').click();
    await expect(page.getByTestId('explain-empty')).toBeVisible();
    await page.getByTestId('explain-method').selectOption('shap');
    await page.getByTestId('explain-rows').fill('20');
    await page.getByTestId('explain-start').click();
    await expect(page.getByTestId('explain-note')).toContainText('exact Shapley values (4 features', { timeout: 60_000 });
    for (const chart of ['explain-importance', 'explain-beeswarm', 'explain-waterfall', 'explain-dependence']) await expect(page.getByTestId(chart)).toBeVisible();
    await page.getByTestId('explain-row').selectOption({ index: 3 });
    await page.getByTestId('explain-feature').selectOption({ index: 2 });
    await shot(page, 'run-explain');
  });

  await test.step('Explain: permutation importance; the stored SHAP explanation stays one click away', async () => {
    await page.getByTestId('explain-method').selectOption('permutation');
    await page.getByTestId('explain-start').click();
    await expect(page.getByTestId('explain-importance')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('explain-beeswarm')).toHaveCount(0);
    await expect(page.getByTestId('explain-history').locator('option')).toHaveCount(2);
    // Asking again for the same SHAP settings answers from the store at once.
    await page.getByTestId('explain-method').selectOption('shap');
    await page.getByTestId('explain-start').click();
    await expect(page.getByTestId('explain-beeswarm')).toBeVisible();
    await expect(page.getByTestId('explain-history').locator('option')).toHaveCount(2);
  });

  await test.step('Diagnostics: the advisor says the learning rate is too high, with the charts behind it', async () => {
    await page.getByTestId('tab-diagnostics').click();
    await expect(page.getByTestId('finding-lr_too_high')).toBeVisible();
    await expect(page.getByTestId('finding-lr_too_high')).toContainText('learning rate 0.3 → 0.03');
    for (const chart of ['diagnostics-loss', 'diag-gradnorm', 'diag-units', 'diag-distribution', 'diag-histogram']) await expect(page.getByTestId(chart)).toBeVisible();
    await page.getByTestId('diag-kind').selectOption('gradients');
    await shot(page, 'run-diagnostics');
  });

  await test.step('one click starts a new run with the change; the two runs compare', async () => {
    await page.getByTestId('finding-lr_too_high').getByTestId('apply-fix').click();
    await expect(page.getByTestId('applied-fix')).toContainText('learning rate 0.3 → 0.03');
    await page.getByTestId('compare-fixed-run').click();
    await expect(page.getByTestId('compare-view')).toBeVisible();
    await expect(page.getByTestId('config-diff')).toContainText('0.03');
    await expect(page.getByTestId('config-diff')).toContainText('0.3');
    await shot(page, 'run-fix-compare');
  });
});
