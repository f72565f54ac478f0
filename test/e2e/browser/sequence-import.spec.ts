/**
 * Text and time-series CSVs imported from the Datasets screen (browser upload → importPath with the
 * sequence fields; or a path on the host, its columns read by datasets.peekColumns): the kind, its columns and window sizes chosen from the file's header; the dataset
 * page then shows the series with its split, or the words per row; a refusal lands on its field.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { readHostInfo } from '../support/host-info.ts';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-sequence-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `days` daily values with a weekly pattern (and a slow trend), from 2024-01-01. */
function writeSeries(file: string, days: number): void {
  const weekly = [10, 12, 15, 14, 13, 7, 5];
  const lines = ['date,value'];
  for (let i = 0; i < days; i++) {
    const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
    lines.push(`${date},${(weekly[i % 7] + i / 50).toFixed(2)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function writeTexts(file: string): void {
  const good = ['a lovely calm morning walk', 'great food and friendly people', 'such a happy bright day', 'wonderful music all night long'];
  const bad = ['the train was late again', 'cold soup and rude staff', 'a dull grey rainy afternoon', 'broken screen and no refund at all'];
  const lines = ['text,label'];
  for (let i = 0; i < 60; i++) {
    const pos = i % 2 === 0;
    const base = (pos ? good : bad)[i % 4];
    lines.push(`"${base}${i % 3 === 0 ? ' today' : ''}",${pos ? 'pos' : 'neg'}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

test('a time series uploaded with lookback and horizon shows its series and split', async ({ page }) => {
  const file = join(dir, 'weekly.csv');
  writeSeries(file, 200);
  await openApp(page);
  await page.getByTestId('csv-file-input').setInputFiles(file);
  await page.getByTestId('csv-kind-select').selectOption('series');
  await expect(page.getByTestId('csv-time')).toHaveValue('date');
  await expect(page.getByTestId('csv-target')).toHaveValue('value');
  await expect(page.getByTestId('csv-label-select')).toHaveCount(0);
  // Lookback is required: Import waits for it.
  await expect(page.getByTestId('csv-import-button')).toBeDisabled();

  // A lookback longer than the series: the engine's refusal is shown on the lookback field.
  await page.getByTestId('csv-lookback').fill('300');
  await page.getByTestId('csv-name').fill('weekly-too-long');
  await page.getByTestId('csv-import-button').click();
  const lookbackField = page.getByTestId('csv-lookback');
  await expect(lookbackField).toHaveAttribute('aria-invalid', 'true');
  const describedBy = await lookbackField.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${describedBy}"]`)).toContainText('fewer than one window of lookback 300');
  await expect(page.getByTestId('csv-import-error')).toHaveCount(0);
  await expect(page.getByTestId('dataset-item').filter({ hasText: 'weekly-too-long' })).toHaveCount(0);
  await shot(page, 'datasets-series-refused');

  // Changing the field clears the refusal; a fitting lookback imports.
  await lookbackField.fill('14');
  await expect(lookbackField).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('csv-horizon').fill('7');
  await page.getByTestId('csv-name').fill('weekly-series');
  await page.getByTestId('csv-import-button').click();
  await expect(page.getByTestId('dataset-item').filter({ hasText: 'weekly-series' })).toBeVisible({ timeout: 60_000 });
  const plot = page.getByTestId('series-plot');
  await expect(plot).toBeVisible();
  await expect(plot).toContainText('windows of 14 steps');
  await expect(page.getByTestId('series-split-chart')).toHaveCount(1);
  await shot(page, 'datasets-series-imported');
});

test('a text CSV uploaded with its text column shows words per row', async ({ page }) => {
  const file = join(dir, 'reviews.csv');
  writeTexts(file);
  await openApp(page);
  await page.getByTestId('csv-file-input').setInputFiles(file);
  await page.getByTestId('csv-kind-select').selectOption('text');
  const textBox = page.locator('[data-testid="csv-text-column"][data-column="text"]');
  // The column named 'text' is picked; unticking it keeps Import disabled, with the reason on the field.
  await expect(textBox).toBeChecked();
  await textBox.uncheck();
  await expect(page.getByTestId('csv-text-columns')).toContainText('Pick at least one text column');
  await expect(page.getByTestId('csv-import-button')).toBeDisabled();
  await textBox.check();
  await expect(page.getByTestId('csv-label-select')).toHaveValue('label');
  await page.getByTestId('csv-max-length').fill('12');
  await page.getByTestId('csv-name').fill('reviews-text');
  await page.getByTestId('csv-import-button').click();
  await expect(page.getByTestId('dataset-item').filter({ hasText: 'reviews-text' })).toBeVisible({ timeout: 60_000 });
  const stats = page.getByTestId('text-stats');
  await expect(stats).toBeVisible();
  await expect(stats).toContainText('the model reads 12 tokens');
  await expect(page.getByTestId('word-count-chart')).toBeVisible();
  await shot(page, 'datasets-text-imported');
});

test('a series with two stores, imported by path on the host, picks its columns from the header', async ({ page }) => {
  const imports = join(readHostInfo().home, 'imports');
  mkdirSync(imports, { recursive: true });
  const file = join(imports, `stores-${Date.now()}.csv`);
  const lines = ['date,store,temp,sales'];
  for (const store of ['north', 'south']) {
    for (let i = 0; i < 120; i++) {
      const date = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      lines.push(`${date},${store},${(10 + (i % 30) / 3).toFixed(1)},${(store === 'north' ? 20 : 30) + [0, 2, 5, 4, 3, -3, -5][i % 7]}`);
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  await openApp(page);
  await page.getByTestId('host-path-kind-select').selectOption('series');
  await expect(page.getByTestId('host-path-columns-hint')).toBeVisible();
  await page.getByTestId('host-path-input').fill(file);
  // The header comes from the engine: the time and target are guessed, the id is chosen.
  await expect(page.getByTestId('host-path-time')).toHaveValue('date');
  await expect(page.getByTestId('host-path-target')).toHaveValue('sales');
  await page.getByTestId('host-path-id').selectOption('store');
  await page.locator('[data-testid="host-path-value-column"][data-column="temp"]').check();
  await page.getByTestId('host-path-lookback').fill('14');
  await page.getByTestId('host-path-horizon').fill('3');
  await page.getByTestId('host-path-import-button').click();
  const plot = page.getByTestId('series-plot');
  await expect(plot).toBeVisible({ timeout: 60_000 });
  await expect(plot).toContainText('windows of 14 steps');
  await expect(page.getByTestId('series-split-chart')).toHaveCount(2);
  await expect(page.getByTestId('host-path-import-error')).toHaveCount(0);
  await shot(page, 'datasets-series-host-path');
});
