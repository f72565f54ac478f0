/**
 * A time series imported for sequence classification from the Datasets screen (a path on the host):
 * the real US births sample with a label column (weekend or weekday, from its dates), each window
 * classified by the label at its last step, with the split's shares chosen in the form. A lookback
 * the engine refuses lands next to the lookback field, placed by the field the engine names
 * (ApiError details.field), not by its wording.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { readHostInfo } from '../support/host-info.ts';

let file: string;
test.beforeAll(() => {
  const imports = join(readHostInfo().home, 'imports');
  mkdirSync(imports, { recursive: true });
  file = join(imports, `births-days-${Date.now()}.csv`);
  const [header, ...rows] = readFileSync(join('assets', 'samples', 'us_births.csv'), 'utf8').trim().split('\n');
  const day = (date: string) => ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) ? 'weekend' : 'weekday');
  writeFileSync(file, `${header.trim()},day\n${rows.map((r) => `${r.trim()},${day(r.split(',')[0])}`).join('\n')}\n`);
});
test.afterAll(() => rmSync(file, { force: true }));

test('a series imported to classify each window shows its classes; a refused lookback is shown by its field', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('host-path-kind-select').selectOption('series');
  await page.getByTestId('host-path-input').fill(file);
  await expect(page.getByTestId('host-path-time')).toHaveValue('date');
  await page.getByTestId('host-path-series-task').selectOption('classify');
  // Classifying: a label column instead of the target, no horizon; the split's defaults shown.
  await expect(page.getByTestId('host-path-target')).toHaveCount(0);
  await expect(page.getByTestId('host-path-horizon')).toHaveCount(0);
  await expect(page.getByTestId('host-path-series-label')).toHaveValue('day');
  await expect(page.getByTestId('host-path-validation')).toHaveValue('0.15');
  await expect(page.getByTestId('host-path-test')).toHaveValue('0.15');
  const lookback = page.getByTestId('host-path-lookback');
  const button = page.getByTestId('host-path-import-button');

  // The form's own check, as the schema's: a lookback of 0 is marked on its field, Import waits.
  await lookback.fill('0');
  await expect(lookback).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`[id="${await lookback.getAttribute('aria-describedby')}"]`)).toHaveText('Must be at least 1');
  await expect(button).toBeDisabled();

  // Within the schema but longer than the validation part (15% of 7,305 days): the engine refuses it, on that field.
  await lookback.fill('4096');
  await expect(lookback).not.toHaveAttribute('aria-invalid', 'true');
  await button.click();
  await expect(lookback).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator(`[id="${await lookback.getAttribute('aria-describedby')}"]`)).toContainText('fewer than one window of lookback 4096');
  await expect(page.getByTestId('host-path-import-error')).toHaveCount(0);
  await shot(page, 'datasets-series-classify-refused');

  // A fitting lookback, a stride of 3 days (a weekly stride would end every window on the same weekday: one class) and other shares: imported as classification.
  await lookback.fill('14');
  await expect(lookback).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('host-path-stride').fill('3');
  await page.getByTestId('host-path-validation').fill('0.2');
  await page.getByTestId('host-path-test').fill('0.1');
  await button.click();
  await expect(page.getByTestId('dataset-detail')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('dataset-classes')).toHaveText('2');
  await expect(page.getByTestId('class-balance-chart')).toBeVisible();
  await expect(page.getByTestId('dataset-detail')).toContainText('day');
  await expect(page.getByTestId('host-path-import-error')).toHaveCount(0);
  await shot(page, 'datasets-series-classified');
});
