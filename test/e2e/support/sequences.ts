/** Sequence datasets for the browser specs: a small series or text CSV written to `dir` and uploaded from the Datasets screen. */
import { expect, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A CSV uploaded from the Datasets screen as a series (lookback 14, horizon 7) or a text dataset. */
export async function uploadSequenceCsv(page: Page, dir: string, kind: 'series' | 'text', name: string): Promise<void> {
  const file = join(dir, `${name}.csv`);
  if (kind === 'series') {
    const weekly = [10, 12, 15, 14, 13, 7, 5];
    const rows = Array.from({ length: 150 }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${(weekly[i % 7] + i / 50).toFixed(2)}`);
    writeFileSync(file, ['date,value', ...rows].join('\n'));
  } else {
    const good = ['a lovely calm morning walk', 'great food and friendly people', 'such a happy bright day'];
    const bad = ['the train was late again', 'cold soup and rude staff', 'a dull grey rainy afternoon'];
    const rows = Array.from({ length: 60 }, (_, i) => `"${(i % 2 ? bad : good)[i % 3]}",${i % 2 ? 'neg' : 'pos'}`);
    writeFileSync(file, ['text,label', ...rows].join('\n'));
  }
  await page.getByTestId('nav-datasets').click();
  await page.getByTestId('csv-file-input').setInputFiles(file);
  await page.getByTestId('csv-kind-select').selectOption(kind);
  if (kind === 'series') {
    await page.getByTestId('csv-lookback').fill('14');
    await page.getByTestId('csv-horizon').fill('7');
  } else {
    await page.getByTestId('csv-max-length').fill('12');
  }
  await page.getByTestId('csv-name').fill(name);
  await page.getByTestId('csv-import-button').click();
  await expect(page.getByTestId('dataset-title')).toHaveText(name, { timeout: 60_000 });
}
