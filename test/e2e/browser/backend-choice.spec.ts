/**
 * Choosing a backend in the UI: a run started with backend 'cpu' trains there,
 * and its page says so (chosen for this run) with the backends it tried and why;
 * the study setup offers the same choice.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('a run trains on the backend chosen for it, and a study can choose one too', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('sample-select').selectOption('iris');
  await page.getByTestId('sample-import-button').click();
  await expect(page.getByTestId('dataset-title')).toContainText(/iris/i);

  await page.getByTestId('dataset-new-run').click();
  const select = page.getByTestId('run-backend-select');
  await expect(select).toHaveValue('auto');
  await expect(select.locator('option')).toHaveText([/^Auto/, /TensorFlow/, /WebGPU/, /WebAssembly/, /Plain JavaScript/]);
  await select.selectOption('cpu');
  await page.getByTestId('run-name').fill('on-cpu');
  await page.getByTestId('hp-epochs').fill('2');
  await page.getByTestId('start-run').click();
  await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('open-run-detail').click();
  await expect(page.getByTestId('run-detail-title')).toHaveText('on-cpu');
  await expect(page.getByTestId('run-backend')).toHaveText('cpu');
  await expect(page.getByTestId('run-backend-detail')).toHaveText('cpu (chosen for this run)');
  // The backends tried, as the run stored them when it started: here only the one chosen, and why.
  await expect(page.getByTestId('run-backend-tried')).toHaveText(['used cpuchosen for this run']);
  await expect(page.getByTestId('run-config')).toContainText('"backend": "cpu"');
  await shot(page, 'run-detail-backend');

  await page.getByTestId('nav-studies').click();
  await page.getByTestId('study-new').click();
  await expect(page.getByTestId('study-backend-select')).toHaveValue('auto');
  await page.getByTestId('study-backend-select').selectOption('wasm');
  await expect(page.getByTestId('study-backend-select')).toHaveValue('wasm');
});
