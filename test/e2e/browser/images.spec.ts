import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('an image sample shows thumbnails and an augmentation preview', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sample-select').selectOption('digits');
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText(/digits/i, { timeout: 60_000 });
  await expect(page.getByTestId('dataset-thumbnails').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('class-balance-chart')).toBeVisible();
  await shot(page, 'datasets-images');

  await page.getByTestId('dataset-new-run').click();
  await page.getByTestId('aug-enabled').check();
  await page.getByTestId('aug-rotate').fill('20');
  await page.getByTestId('aug-preview-button').click();
  await expect(page.getByTestId('aug-preview-grid').locator('canvas')).toHaveCount(8);
  await shot(page, 'new-run-augmentation');
});
