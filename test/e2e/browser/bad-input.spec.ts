import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('a malformed CSV shows a clear error and creates no dataset', async ({ page }) => {
  await openApp(page);
  const items = page.getByTestId('dataset-item');
  const before = await items.count();

  await page.getByTestId('csv-file-input').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b,label\n1,2,x\n3,"never closed,y\n4,5,z\n'),
  });
  await page.getByTestId('csv-import-button').click();
  const alert = page.getByTestId('csv-import-error');
  await expect(alert).toBeVisible();
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText(/malformed|quoted|row/i);
  await shot(page, 'datasets-bad-csv');

  // A file without a usable header is caught before anything is uploaded.
  await page.getByTestId('csv-file-input').setInputFiles({ name: 'one-column.csv', mimeType: 'text/csv', buffer: Buffer.from('onlyone\n1\n2\n') });
  await expect(page.getByTestId('csv-import-error')).toContainText(/header row/);
  await expect(page.getByTestId('csv-import-button')).toHaveCount(0);

  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  await page.waitForTimeout(500);
  await expect(items).toHaveCount(before);
});
