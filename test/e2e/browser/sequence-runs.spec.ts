/**
 * Text and series datasets in the New run form: the form starts from the dataset's first preset
 * (layers and hyperparameters), offers only the presets that fit, puts the sequence layers first in
 * the add-layer menu and leaves augmentation out. A forecasting run on the us_births sample trains
 * from that default and its page shows the Forecasts card; the form follows the dataset until the
 * user edits it, and a text preset trains too.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { uploadSequenceCsv } from '../support/sequences.ts';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-sequence-runs-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

const layerKinds = (page: Page) => page.getByTestId('layer-list').first().locator(':scope > [data-testid="layer-row"]');

async function expectKinds(page: Page, kinds: string[]): Promise<void> {
  await expect(layerKinds(page)).toHaveCount(kinds.length);
  expect(await layerKinds(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual(kinds);
}

/** Starts the run the form describes and waits until it has finished (a refusal or a failed run fails with its message). */
async function startAndFinish(page: Page): Promise<void> {
  await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  await page.getByTestId('start-run').click();
  const ended = page.getByTestId('run-finished').or(page.getByTestId('run-error')).or(page.getByTestId('start-error'));
  await expect(ended.first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('start-error')).toHaveCount(0);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
  await expect(page.getByTestId('run-finished')).toBeVisible();
}

test('a forecasting run trains from the series preset the form starts with, and shows its forecasts', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sample-select').selectOption('us_births');
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText('us_births', { timeout: 60_000 });
  await page.getByTestId('dataset-new-run').click();

  // The first series preset, with its layers and hyperparameters; only series presets are offered.
  await expect(page.getByTestId('preset-select')).toHaveValue('series-gru');
  await expect(page.getByTestId('preset-select').locator('option')).toHaveText(['Custom', 'GRU forecaster', 'Temporal CNN']);
  await expectKinds(page, ['gru', 'dense']);
  await expect(page.getByTestId('hp-batch-size')).toHaveValue('64');
  // A series keeps its stored chronological split: no split fields.
  await expect(page.getByTestId('hp-split-stored')).toBeVisible();
  await expect(page.getByTestId('hp-split-val')).toHaveCount(0);
  await expect(page.getByTestId('hp-early-stopping')).toBeChecked();
  await expect(page.getByTestId('augmentation-form')).toHaveCount(0);
  // The sequence layers lead the add-layer menu (a series has no token ids: no embedding first).
  await expect(page.getByTestId('add-layer-kind').first().locator('option').first()).toHaveText('Positions');
  await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  await shot(page, 'new-run-series-default');

  await page.getByTestId('hp-epochs').fill('2');
  await page.getByTestId('run-name').fill('births-gru');
  await startAndFinish(page);
  await page.getByTestId('open-run-detail').click();
  await expect(page.getByTestId('run-detail-title')).toHaveText('births-gru');
  await expect(page.getByTestId('run-config')).toContainText('"kind": "gru"');
  await expect(page.getByTestId('run-config')).toContainText('"batchSize": 64');
  const card = page.getByTestId('forecast-panel');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('forecast-chart')).toBeVisible({ timeout: 60_000 });
  await expect(card.getByTestId('forecast-title')).toBeVisible();
  await expect(card.getByTestId('forecast-error')).toHaveCount(0);
  await shot(page, 'run-detail-series-forecasts');
});

test('text datasets get the text presets; the form follows the dataset until the user edits it', async ({ page }) => {
  await openApp(page);
  await uploadSequenceCsv(page, dir, 'series', 'weekly-follow');
  await uploadSequenceCsv(page, dir, 'text', 'reviews-follow');
  await page.getByTestId('dataset-new-run').click();

  await expect(page.getByTestId('preset-select')).toHaveValue('text-transformer');
  await expect(page.getByTestId('preset-select').locator('option')).toHaveText(['Custom', 'Small transformer encoder', 'Text CNN', 'BiLSTM']);
  await expectKinds(page, ['embedding', 'positional', 'transformer', 'transformer', 'layerNorm', 'globalPool1d']);
  await expect(page.getByTestId('hp-batch-size')).toHaveValue('32');
  await expect(page.getByTestId('augmentation-form')).toHaveCount(0);
  await expect(page.getByTestId('add-layer-kind').first().locator('option').first()).toHaveText('Token embedding');
  await expect(page.getByTestId('start-blocked')).toHaveCount(0);
  await shot(page, 'new-run-text-default');

  // Untouched, the form follows another dataset: the series preset, then the text one again.
  const datasetSelect = page.getByTestId('run-dataset-select');
  await datasetSelect.selectOption({ label: 'weekly-follow' });
  await expect(page.getByTestId('preset-select')).toHaveValue('series-gru');
  await expectKinds(page, ['gru', 'dense']);
  await expect(page.getByTestId('hp-batch-size')).toHaveValue('64');
  await datasetSelect.selectOption({ label: 'reviews-follow' });
  await expect(page.getByTestId('preset-select')).toHaveValue('text-transformer');

  // Edited layers stay when the dataset changes.
  await layerKinds(page).nth(5).getByTestId('layer-remove').click();
  await expect(page.getByTestId('preset-select')).toHaveValue('');
  await datasetSelect.selectOption({ label: 'weekly-follow' });
  await expectKinds(page, ['embedding', 'positional', 'transformer', 'transformer', 'layerNorm']);
  await expect(page.getByTestId('preset-select')).toHaveValue('');

  // A text preset picked by hand trains (Text CNN: quick on 60 short texts).
  await datasetSelect.selectOption({ label: 'reviews-follow' });
  await page.getByTestId('preset-select').selectOption('text-cnn');
  await expectKinds(page, ['embedding', 'conv1d', 'globalPool1d', 'dropout']);
  // The tokeniser's options (no feature scaling for token ids); BPE goes into the run's config.
  await expect(page.getByTestId('hp-preprocess')).toHaveCount(0);
  await expect(page.getByTestId('hp-tokenizer')).toHaveValue('word');
  await page.getByTestId('hp-tokenizer').selectOption('bpe');
  await page.getByTestId('hp-epochs').fill('1');
  await page.getByTestId('run-name').fill('reviews-cnn');
  await startAndFinish(page);
  await page.getByTestId('open-run-detail').click();
  await expect(page.getByTestId('run-config')).toContainText('"tokenizer": "bpe"');
});
