/**
 * CSV import options through the real UI: missing values are refused with the
 * columns listed, then filled by the option chosen in the form; a European Excel
 * export (Windows-1252, semicolons, decimal commas) imports as numbers; a second
 * import of the same file gets a distinct name (no name is sent unless the user
 * typed one: the engine names it); the dataset page shows what the import
 * detected and its warnings.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('missing values, encoding and decimal commas, names', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('nav-datasets').click();
  /** The import options each upload sent. */
  const sent: Record<string, unknown>[] = [];
  page.on('request', (r) => {
    const options = r.headers()['x-modelbench-import'];
    if (new URL(r.url()).pathname === '/upload') sent.push(options ? JSON.parse(decodeURIComponent(options)) : {});
  });
  const gaps = { name: 'gaps.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,y\n1,NA,x\n2,4,z\n3,,z\n4,8,x\n') };

  await test.step('missing cells are refused, naming the columns and the options', async () => {
    await page.getByTestId('csv-file-input').setInputFiles(gaps);
    await page.getByTestId('csv-import-button').click();
    await expect(page.getByTestId('csv-import-error')).toContainText("2 missing values in 1 column: 'b' (2, first in row 2)");
    await expect(page.getByTestId('csv-import-error')).toContainText('drop-rows');
  });

  await test.step('filled with the column mean, the dataset page says so', async () => {
    await page.getByTestId('csv-missing-select').selectOption('mean');
    await page.getByTestId('csv-import-button').click();
    await expect(page.getByTestId('dataset-title')).toHaveText(/^gaps( \(\d+\))?$/);
    // The suggested name was left as it was: the engine chose it.
    expect(sent.at(-1)).toMatchObject({ missing: 'mean' });
    expect(sent.at(-1)).not.toHaveProperty('name');
    await expect(page.getByTestId('dataset-import-info')).toContainText('missing values: mean (2 cells filled)');
    await expect(page.getByTestId('dataset-warning')).toContainText("filled 2 missing values by 'mean'");
    await expect(page.getByTestId('dataset-preview-table').locator('tbody tr').nth(0)).toContainText('6');
    await shot(page, 'datasets-import-missing-filled');
  });

  await test.step('the same file again is offered a distinct name', async () => {
    const first = (await page.getByTestId('dataset-title').textContent())!.trim();
    await page.getByTestId('csv-file-input').setInputFiles(gaps);
    await expect(page.getByTestId('csv-name')).not.toHaveValue(first);
    await expect(page.getByTestId('csv-name')).toHaveValue(/^gaps \(\d+\)$/);
    // A name that is taken, typed in, is refused.
    await page.getByTestId('csv-name').fill(first);
    await page.getByTestId('csv-missing-select').selectOption('drop-rows');
    await page.getByTestId('csv-import-button').click();
    await expect(page.getByTestId('csv-import-error')).toContainText(`A dataset named '${first}' already exists`);
    expect(sent.at(-1)).toMatchObject({ name: first });
  });

  await test.step('a European Excel export: Windows-1252, semicolons, decimal commas', async () => {
    await page.getByTestId('csv-file-input').setInputFiles({
      name: 'messungen.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('länge;breite;art\r\n5,1;3,5;a\r\n4,9;3;b\r\n6,2;2,75;a\r\n5,5;3,25;b\r\n', 'latin1'),
    });
    await page.getByTestId('csv-missing-select').selectOption('refuse');
    await page.getByTestId('csv-import-button').click();
    await expect(page.getByTestId('dataset-title')).toHaveText(/^messungen( \(\d+\))?$/);
    const info = page.getByTestId('dataset-import-info');
    await expect(info).toContainText('encoding: Windows-1252 (Latin-1)');
    await expect(info).toContainText('fields separated by: semicolon');
    await expect(info).toContainText("decimal comma ('1,5' = 1.5) in: länge, breite");
    await expect(page.getByTestId('dataset-preview-table').locator('thead')).toContainText('länge');
    await expect(page.getByTestId('dataset-preview-table').locator('tbody tr').nth(0)).toContainText('5.1');
    await shot(page, 'datasets-import-european-csv');
  });
});
