/**
 * Compression journey: train a small model, read its Size panel, open the
 * experiment builder from the run, see the engine refuse bad input with a clear
 * message (sparsity out of range, unknown layer, incompatible student, transfer
 * across input shapes), prune the model (magnitude 50%, two fine-tune epochs),
 * watch the experiment finish, check the sparsity → accuracy curve and the other
 * charts, sweep two more targets to extend the curve, and export the pruned run.
 * Screenshots: experiment-builder, experiment-detail, run-size.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('train → size → compress (magnitude 50%, then a sweep) → curve → export', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);

  await test.step('train a small model on the iris sample', async () => {
    await page.getByTestId('nav-datasets').click();
    // A second dataset with another input shape, for the transfer error below.
    await page.getByTestId('sample-select').selectOption('breast_cancer');
    await page.getByTestId('sample-import-button').click();
    await expect(page.getByTestId('dataset-title')).toContainText('breast');
    await page.getByTestId('sample-select').selectOption('iris');
    await page.getByTestId('sample-import-button').click();
    // Other specs share this host and may have imported iris first: a second one is 'iris (2)'.
    await expect(page.getByTestId('dataset-title')).toHaveText(/^iris( \(\d+\))?$/);
    await page.getByTestId('dataset-new-run').click();
    await page.getByTestId('run-name').fill('to-compress');
    await page.getByTestId('hp-epochs').fill('30');
    await page.getByTestId('hp-batch-size').fill('16');
    await page.getByTestId('start-run').click();
    await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('open-run-detail').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText('to-compress');
  });

  await test.step('the Size panel shows params, FLOPs, bytes and a measured latency', async () => {
    const panel = page.getByTestId('size-panel');
    await expect(panel.getByTestId('size-params')).toHaveText(/\d/);
    await expect(panel.getByTestId('size-flops')).toHaveText(/\d/);
    await expect(panel.getByTestId('size-bytes')).toHaveText(/\d+(\.\d+)? (B|KB|MB)/);
    await expect(panel.getByTestId('size-latency')).toHaveText(/\d+(\.\d+)? (ms|µs)/, { timeout: 20_000 });
    await panel.scrollIntoViewIfNeeded();
    await shot(page, 'run-size');
  });

  await test.step('the builder shows the engine’s reasons for bad input', async () => {
    await page.getByTestId('compress-run').click();
    await expect(page.getByTestId('builder-title')).toHaveText('Compress to-compress');
    await page.getByTestId('builder-method-magnitude').click();
    // Out of range: marked on the field before anything is sent, Start waits.
    await page.getByTestId('builder-sparsity').fill('1.5');
    await expect(page.getByTestId('builder-sparsity')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('field-error')).toHaveText('Must be less than 1');
    await expect(page.getByTestId('builder-start')).toBeDisabled();
    await page.getByTestId('builder-sparsity').fill('0.5');
    await expect(page.getByTestId('builder-start')).toBeEnabled();
    await page.getByTestId('builder-layers').fill('no_such_layer');
    await page.getByTestId('builder-start').click();
    await expect(page.getByTestId('builder-error')).toContainText("no layer named 'no_such_layer'");
    await page.getByTestId('builder-layers').fill('');

    // A convolutional student cannot take the teacher's tabular input.
    await page.getByTestId('builder-method-distill').click();
    await page.getByTestId('builder-student').selectOption('json');
    await page.getByTestId('builder-student-json').fill('{"layers": [{"kind": "conv2d", "filters": 4}]}');
    await page.getByTestId('builder-start').click();
    await expect(page.getByTestId('builder-error')).toContainText(/cannot take the teacher's input/);

    // Iris has 4 features, breast cancer 30: the model cannot move between them.
    await page.getByTestId('builder-method-finetune').click();
    const target = await page.getByTestId('builder-dataset').locator('option', { hasText: 'breast' }).getAttribute('value');
    await page.getByTestId('builder-dataset').selectOption(target ?? '');
    await page.getByTestId('builder-start').click();
    await expect(page.getByTestId('builder-error')).toContainText(/Cannot transfer .* shape \[4\] .* shape \[30\]/);
  });

  await test.step('prune 50% with two fine-tune epochs', async () => {
    await page.getByTestId('builder-method-magnitude').click();
    await page.getByTestId('builder-sparsity').fill('0.5');
    await page.getByTestId('builder-schedule').selectOption('oneshot');
    await page.getByTestId('builder-epochs').fill('2');
    await page.getByTestId('builder-name').fill('iris pruned 50%');
    await shot(page, 'experiment-builder');
    await page.getByTestId('builder-start').click();
    await expect(page.getByTestId('experiment-title')).toHaveText('iris pruned 50%');
    await expect(page.getByTestId('experiment-status')).toHaveText('completed', { timeout: 60_000 });
  });

  await test.step('the detail screen draws the curve, trade-off, per-layer sparsity and lineage', async () => {
    const steps = page.getByTestId('experiment-step');
    await expect(steps).toHaveCount(2);
    await expect(steps.nth(1)).toHaveAttribute('data-status', 'completed');
    await expect(page.getByTestId('sparsity-curve-points')).toHaveAttribute('data-count', '2');
    await expect(page.getByTestId('sparsity-accuracy-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('tradeoff-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('layer-sparsity-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('lineage-chart').locator('canvas').first()).toBeVisible();
    await expect(page.getByTestId('compare-row-nonZero')).toContainText('fewer');
    await page.getByTestId('tradeoff-axis').selectOption('latency');
    await page.getByTestId('tradeoff-axis').selectOption('params');
  });

  await test.step('a sweep over two more targets extends the curve', async () => {
    await page.getByTestId('experiment-new').click();
    await page.getByTestId('builder-sparsity').fill('0.7, 0.9');
    await page.getByTestId('builder-schedule').selectOption('oneshot');
    await page.getByTestId('builder-epochs').fill('2');
    await page.getByTestId('builder-start').click();
    await expect(page.getByTestId('experiment-title')).toContainText('70%');
    // Baseline, 50%, 70% and 90%: one curve over every prune experiment of this run.
    await expect(page.getByTestId('sparsity-curve-points')).toHaveAttribute('data-count', '4', { timeout: 60_000 });
    await expect(page.getByTestId('experiment-status')).toHaveText('completed');
    await shot(page, 'experiment-detail');
  });

  await test.step('export the pruned run', async () => {
    await page.getByTestId('export-run').click();
    await expect(page.getByTestId('export-result')).toBeVisible();
    await expect(page.getByTestId('export-download').filter({ hasText: 'model.json' })).toHaveCount(1);
  });

  await test.step('the experiment is listed', async () => {
    await page.getByTestId('nav-experiments').click();
    await expect(page.getByTestId('experiment-row')).toHaveCount(3);
    await expect(page.getByTestId('experiment-row').filter({ hasText: 'iris pruned 50%' })).toContainText('completed');
    await shot(page, 'experiments');
  });
});
