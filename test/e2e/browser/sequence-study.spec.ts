/**
 * A study on a text dataset: the base model starts from the first text preset, the quick adds
 * offer the sequence knobs (vocabulary size, tokens kept, transformer and recurrent sizes) instead
 * of dense blocks, and a small study over the vocabulary and the tokens kept runs to the end.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, shot } from '../support/app.ts';
import { uploadSequenceCsv } from '../support/sequences.ts';

let dir: string;
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-sequence-study-e2e-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a study on texts: the text preset as base, sequence quick adds, three trials over vocabulary and length', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  const name = `reviews-study-${Date.now().toString(36)}`;
  await uploadSequenceCsv(page, dir, 'text', name);
  await page.getByTestId('nav-studies').click();
  await page.getByTestId('study-new').click();
  await expect(page.getByTestId('study-setup')).toBeVisible();
  await page.getByTestId('study-dataset-select').selectOption({ label: name });
  await expect(page.getByTestId('study-base-select')).toHaveValue('text-transformer');
  await expect(page.getByTestId('quick-add-depth')).toHaveCount(0);
  await expect(page.getByTestId('quick-add-transformer')).toBeVisible();
  await page.getByTestId('study-base-select').selectOption('text-cnn');

  await page.getByTestId('quick-add-vocab').click();
  await page.getByTestId('quick-add-seqLen').click();
  const vocab = page.locator('[data-name=vocab_size]');
  await vocab.getByTestId('param-low').fill('16');
  await vocab.getByTestId('param-high').fill('64');
  const length = page.locator('[data-name=seq_len]');
  await length.getByTestId('param-low').fill('4');
  await length.getByTestId('param-high').fill('12');
  await length.getByTestId('param-step').fill('4');
  await page.getByTestId('study-name').fill(`${name} tune`);
  await page.getByTestId('study-epochs').fill('2');
  await page.getByTestId('study-sampler').selectOption('random');
  await page.getByTestId('study-trials').fill('3');
  await page.getByTestId('study-workers').fill('1');
  await shot(page, 'study-setup-text');
  await page.getByTestId('study-start').click();

  await expect(page.getByTestId('study-live')).toBeVisible();
  await expect(page.getByTestId('study-live')).toHaveAttribute('data-status', 'finished', { timeout: 180_000 });
  await expect(page.getByTestId('trial-row')).toHaveCount(3);
  await expect(page.getByTestId('study-progress')).toHaveText('3 / 3 trials finished');
  await expect(page.getByTestId('study-best-0')).toHaveText(/\d/);
});
