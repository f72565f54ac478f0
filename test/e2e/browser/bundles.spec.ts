/**
 * Portable results through the UI: a run exported as ONNX from the export
 * panel (the file downloads and runs in onnxruntime-web on raw iris rows),
 * then as a .mbz bundle with its data, and the bundle imported again from
 * History: the run's id is taken in this data folder, so the import shows the
 * remapping and opens the copy. Screenshots: export-onnx, bundle-import.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { runOnnx } from '../../main/export/onnx/ort.ts';

test('export a run as ONNX and as a bundle, import the bundle from History', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);

  await test.step('train a small iris model', async () => {
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('sample-select').selectOption('iris');
    await page.getByTestId('sample-import-button').click();
    await expect(page.getByTestId('dataset-title')).toHaveText(/^iris( \(\d+\))?$/);
    await page.getByTestId('dataset-new-run').click();
    await page.getByTestId('run-name').fill('portable');
    await page.getByTestId('hp-epochs').fill('20');
    await page.getByTestId('hp-batch-size').fill('16');
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('open-run-detail').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('portable');
  });

  await test.step('ONNX with the preprocessing in the graph: download it and run it on raw rows', async () => {
    await page.getByTestId('export-format').selectOption('onnx');
    await page.getByTestId('export-with-preprocessing').check();
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-result')).toBeVisible();
    const links = page.getByTestId('export-download');
    await expect(links.filter({ hasText: 'model.onnx' })).toHaveCount(1);
    await expect(links.filter({ hasText: 'model.json' })).toHaveCount(0);
    const href = (await links.filter({ hasText: 'model.onnx' }).getAttribute('href')) ?? '';
    const file = await page.request.get(new URL(href, page.url()).toString());
    expect(file.status()).toBe(200);
    const iris = loadSample('iris');
    const out = await runOnnx(new Uint8Array(await file.body()), { input: { data: iris.x, dims: [150, 4] } });
    const correct = iris.y.filter((label, i) => {
      const row = Array.from(out.head.data.subarray(i * 3, i * 3 + 3));
      return row.indexOf(Math.max(...row)) === label;
    }).length;
    expect(correct / 150).toBeGreaterThan(0.7);
    await page.getByTestId('export-result').scrollIntoViewIfNeeded();
    await shot(page, 'export-onnx');
  });

  let bundlePath = '';
  await test.step('export the run as a bundle with its dataset', async () => {
    await page.getByTestId('bundle-with-data').check();
    await page.getByTestId('bundle-export-button').click();
    const result = page.getByTestId('bundle-export-result');
    await expect(result).toContainText('1 run');
    await expect(result).toContainText('dataset included');
    const name = (await page.getByTestId('bundle-download').textContent()) ?? '';
    expect(name).toMatch(/^run_.*\.mbz$/);
    bundlePath = `exports/${name}`;
  });

  await test.step('import it from History: the id is taken here, so it is remapped', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('bundle-import-path').fill('exports/no-such.mbz');
    await page.getByTestId('bundle-import-button').click();
    await expect(page.getByTestId('bundle-import-error')).toContainText('not a Modelbench bundle');
    await page.getByTestId('bundle-import-path').fill(bundlePath);
    await page.getByTestId('bundle-import-button').click();
    const result = page.getByTestId('bundle-import-result');
    await expect(result).toContainText("Imported run 'portable'");
    await expect(result).toContainText('already here');
    await expect(result).toContainText('Ids already taken here were renamed');
    await expect(page.getByTestId('history-row').filter({ hasText: 'portable' })).toHaveCount(2);
    await shot(page, 'bundle-import');
    await page.getByTestId('bundle-import-open').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('portable');
  });
});
