/**
 * CSV import from the browser goes over HTTP (POST /upload) with progress: a file
 * several times the WebSocket message limit imports, and a file over the upload
 * limit is refused in the page, before anything is sent, naming the CLI.
 */
import { expect, test } from '@playwright/test';
import { closeSync, mkdtempSync, openSync, rmSync, ftruncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SOCKET_MESSAGE_BYTES, MAX_UPLOAD_BYTES } from '../../../main/limits.ts';
import { openApp, shot } from '../support/app.ts';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-upload-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About `bytes` of a three-class CSV; returns its row count. */
function writeCsv(file: string, bytes: number): number {
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,variety'];
  let size = lines[0].length + 1;
  const kinds = ['Setosa', 'Versicolor', 'Virginica'];
  for (let i = 0; size < bytes; i++) {
    const k = i % 3;
    const line = `${(5 + k * 0.8 + (i % 9) / 10).toFixed(1)},${(3.4 - k * 0.3).toFixed(1)},${(1.4 + k * 2 + (i % 4) / 10).toFixed(1)},${(0.2 + k * 0.9).toFixed(1)},${kinds[k]}`;
    lines.push(line);
    size += line.length + 1;
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return lines.length - 1;
}

test('a CSV eight times the socket message limit uploads with progress and imports', async ({ page }) => {
  const file = join(dir, 'wide-iris.csv');
  const rows = writeCsv(file, 8 * MAX_SOCKET_MESSAGE_BYTES);
  await openApp(page);
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/upload') uploads.push(r.method());
  });

  await page.getByTestId('csv-file-input').setInputFiles(file);
  await expect(page.getByTestId('csv-label-select')).toHaveValue('variety');
  await page.getByTestId('csv-name').fill('upload-e2e');
  await page.getByTestId('csv-import-button').click();
  // Progress shows while the file travels and while the host imports it.
  await expect(page.getByTestId('csv-upload-status')).toContainText(/Uploading|importing/);
  await shot(page, 'datasets-upload-progress');

  const item = page.getByTestId('dataset-item').filter({ hasText: 'upload-e2e' });
  await expect(item).toBeVisible({ timeout: 60_000 });
  await expect(item).toContainText(`${rows.toLocaleString('en-US')} samples`);
  await expect(page.getByTestId('csv-upload-progress')).toHaveCount(0);
  await expect(page.getByTestId('csv-import-error')).toHaveCount(0);
  expect(uploads).toEqual(['POST']);
});

test('a file over the upload limit is refused before sending, with the CLI alternative', async ({ page }) => {
  // A sparse file: its size is what the page sees, nothing is read.
  const file = join(dir, 'huge.csv');
  writeFileSync(file, 'a,b,label\n1,2,x\n');
  const fd = openSync(file, 'r+');
  ftruncateSync(fd, MAX_UPLOAD_BYTES + 1024 * 1024);
  closeSync(fd);
  await openApp(page);
  const uploads: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/upload') uploads.push(r.url());
  });

  await page.getByTestId('csv-file-input').setInputFiles(file);
  const alert = page.getByTestId('csv-import-error');
  await expect(alert).toContainText('huge.csv is 201 MiB; the browser can import files up to 200 MiB');
  await expect(alert).toContainText('modelbench dataset import FILE');
  await expect(page.getByTestId('csv-import-button')).toHaveCount(0);
  await shot(page, 'datasets-upload-too-large');
  expect(uploads).toEqual([]);
});
