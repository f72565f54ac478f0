/**
 * Ensembles of text and series datasets in the builder: with a text dataset as the source, the
 * builder offers the text presets, says how text members share one input and leaves feature
 * subsets out; a bagged text ensemble trains, completes and exports with its tokeniser. With a
 * forecasting series, a stacked ensemble (a ridge over every member's steps) completes and shows
 * its forecasts.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { uploadSequenceCsv } from '../support/sequences.ts';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-sequence-ensembles-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function builderOn(page: Page, dataset: string): Promise<void> {
  await page.getByTestId('nav-history').click();
  await page.getByTestId('ensemble-new').click();
  await expect(page.getByTestId('ensemble-builder')).toBeVisible();
  await page.getByTestId('ensemble-source-dataset').check();
  await page.getByTestId('ensemble-dataset').selectOption({ label: dataset });
}

async function buildAndFinish(page: Page): Promise<void> {
  await expect(page.getByTestId('ensemble-build')).toBeEnabled();
  await page.getByTestId('ensemble-build').click();
  await expect(page.getByTestId('ensemble-vs-members')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('status-badge').first()).toHaveText('completed');
}

test('a bagged text ensemble: text presets, the shared-input note, no feature subsets; it completes and exports', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const name = `reviews-ens-${Date.now().toString(36)}`;
  await uploadSequenceCsv(page, dir, 'text', name);
  await builderOn(page, name);
  await expect(page.getByTestId('ensemble-preset')).toHaveValue('text-transformer');
  await expect(page.getByTestId('ensemble-preset').locator('option')).toHaveText(['Small transformer encoder', 'Text CNN', 'BiLSTM']);
  await expect(page.getByTestId('ensemble-text-note')).toContainText('word tokenisers with other vocabularies are merged');
  await page.getByTestId('ensemble-method-bagging').check();
  await expect(page.getByTestId('ensemble-feature-fraction')).toHaveCount(0);
  await expect(page.getByTestId('ensemble-feature-note')).toBeVisible();
  await page.getByTestId('ensemble-preset').selectOption('text-cnn');
  await page.getByTestId('ensemble-members').fill('2');
  await page.getByTestId('ensemble-epochs').fill('2');
  await shot(page, 'ensemble-builder-text');
  await buildAndFinish(page);
  await expect(page.getByTestId('ensemble-member-row')).toHaveCount(2);
  await page.getByTestId('ensemble-export').click();
  await expect(page.getByTestId('ensemble-export-link').filter({ hasText: 'preprocessing.json' })).toHaveCount(1, { timeout: 30_000 });
});

test('a forecasting series: a stacked ensemble of series CNNs completes', async ({ page }) => {
  test.setTimeout(300_000);
  await openApp(page);
  const name = `weekly-ens-${Date.now().toString(36)}`;
  await uploadSequenceCsv(page, dir, 'series', name);
  await builderOn(page, name);
  await expect(page.getByTestId('ensemble-preset')).toHaveValue('series-gru');
  await page.getByTestId('ensemble-method-stacking').check();
  await page.getByTestId('ensemble-folds').fill('2');
  await page.getByTestId('ensemble-preset').selectOption('series-cnn');
  await page.getByTestId('ensemble-members').fill('2');
  await page.getByTestId('ensemble-epochs').fill('2');
  await buildAndFinish(page);
  // Two final members and their 2 × 2 fold models.
  await expect(page.getByTestId('ensemble-member-row')).toHaveCount(6);
  // Its forecasts, as a run's: history, truth and the ensemble's prediction per window.
  const card = page.getByTestId('forecast-panel');
  await expect(card.getByTestId('forecast-chart')).toBeVisible({ timeout: 60_000 });
  await expect(card.getByTestId('forecast-error')).toHaveCount(0);
  await shot(page, 'ensemble-detail-forecasts');
});
