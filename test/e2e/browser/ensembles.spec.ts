/**
 * Ensemble journey: train three small runs on iris (one split: the form's
 * seed), select them in History and build an ensemble from the selection,
 * watch it finish on its detail screen (members and weights, ensemble vs
 * members, diversity, cost), find it beside the runs in History, compare it
 * with a run, export it as one model, and delete one of its member runs
 * (the confirmation names the ensemble; the ensemble keeps the slot).
 * Screenshots: ensemble-builder, ensemble-detail, history-ensembles.
 */
import { expect, test } from '@playwright/test';
import { openApp, shot } from '../support/app.ts';

test('train runs → build an ensemble from History → its detail → compare → export', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  const tag = `ens-${Date.now().toString(36)}`;
  let datasetId = '';

  await test.step('train three small runs on iris', async () => {
    await page.getByTestId('nav-datasets').click();
    await page.getByTestId('sample-select').selectOption('iris');
    await page.getByTestId('sample-import-button').click();
    await expect(page.getByTestId('dataset-title')).toHaveText(/^iris( \(\d+\))?$/);
    await page.getByTestId('dataset-new-run').click();
    datasetId = await page.getByTestId('run-dataset-select').inputValue();
    for (const i of [1, 2, 3]) {
      if (i > 1) {
        await page.getByTestId('nav-new-run').click();
        await page.getByTestId('run-dataset-select').selectOption(datasetId);
      }
      await page.getByTestId('run-name').fill(`${tag}-${i}`);
      await page.getByTestId('hp-epochs').fill(String(6 + 3 * i));
      await page.getByTestId('start-run').click();
      await expect(page.getByTestId('run-finished')).toBeVisible({ timeout: 60_000 });
    }
  });

  await test.step('select them in History and build a voting ensemble', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-search').fill(tag);
    await expect(page.getByTestId('history-row')).toHaveCount(3);
    for (const box of await page.getByTestId('history-select').all()) await box.check();
    await expect(page.getByTestId('ensemble-from-selection')).toHaveText(/Build ensemble of 3 runs/);
    await page.getByTestId('ensemble-from-selection').click();
    await expect(page.getByTestId('ensemble-builder')).toBeVisible();
    await expect(page.getByTestId('ensemble-runs').locator('li')).toHaveCount(3);
    // Bagging trains its own members: not offered for a selection of runs.
    await expect(page.getByTestId('ensemble-method-bagging')).toBeDisabled();
    await page.getByTestId('ensemble-method-voting').check();
    await page.getByTestId('ensemble-name').fill(`${tag} vote`);
    await shot(page, 'ensemble-builder');
    await page.getByTestId('ensemble-build').click();
  });

  await test.step('the detail: members and weights, ensemble vs members, diversity, cost', async () => {
    await expect(page.getByTestId('ensemble-title')).toHaveText(`${tag} vote`);
    await expect(page.getByTestId('ensemble-vs-members')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('status-badge').first()).toHaveText('completed');
    const rows = page.getByTestId('ensemble-member-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.first()).toContainText('0.333');
    await expect(page.getByTestId('ensemble-test-metric')).toHaveText(/^0?\.\d+|^1$/);
    await expect(page.getByTestId('ensemble-cost')).toContainText(/parameters · .* FLOPs per sample · .* bytes · .* ms per batch of 32/);
    await expect(page.getByTestId('ensemble-diversity')).toBeVisible();
    await expect(page.getByTestId('ensemble-members-chart')).toBeVisible();
    await shot(page, 'ensemble-detail');
  });

  await test.step('export it as one model', async () => {
    await page.getByTestId('ensemble-export').click();
    await expect(page.getByTestId('ensemble-export-result')).toContainText('exports', { timeout: 30_000 });
    const links = page.getByTestId('ensemble-export-link');
    await expect(links.filter({ hasText: 'model.json' })).toHaveCount(1);
    await expect(links.filter({ hasText: 'preprocessing.json' })).toHaveCount(1);
    await expect(links.filter({ hasText: 'model-card.md' })).toHaveCount(1);
  });

  await test.step('History lists it beside the runs; Compare puts it beside a run', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-search').fill(tag);
    const row = page.getByTestId('ensemble-row').filter({ hasText: `${tag} vote` });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('status-badge')).toHaveText('completed');
    await shot(page, 'history-ensembles');
    await row.getByTestId('ensemble-select').check();
    await page.getByTestId('history-row').first().getByTestId('history-select').check();
    await page.getByTestId('ensembles-compare').click();
    const table = page.getByTestId('ensemble-compare-metrics');
    await expect(table).toBeVisible();
    await expect(table.locator('th')).toContainText([`${tag} vote (ensemble)`]);
    await expect(table.locator('tr', { hasText: 'test accuracy' })).toHaveCount(1);
  });

  await test.step('deleting a member run: the confirmation names the ensemble it leaves; its slot then has no run', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-search').fill(tag);
    await page.getByTestId('ensemble-row').filter({ hasText: `${tag} vote` }).getByTestId('ensemble-open').click();
    await page.getByTestId('ensemble-member-row').first().locator('button.link').click();
    await expect(page.getByTestId('run-detail-title')).toHaveText(new RegExp(`^${tag}-\\d$`));
    const messages: string[] = [];
    page.once('dialog', (d) => void (messages.push(d.message()), d.dismiss()));
    await page.getByTestId('run-delete').click();
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatch(new RegExp(`^Delete run "${tag}-\\d" with its metrics and model files\\?\\n\\nIt is a member of 1 ensemble \\(“${tag} vote”\\)`));
    await expect(page.getByTestId('run-detail-title')).toBeVisible(); // dismissed: nothing deleted
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('run-delete').click();
    await expect(page.getByTestId('history-search')).toBeVisible();
    await page.getByTestId('history-search').fill(tag);
    await expect(page.getByTestId('history-row')).toHaveCount(2);
    await page.getByTestId('ensemble-row').filter({ hasText: `${tag} vote` }).getByTestId('ensemble-open').click();
    await expect(page.getByTestId('ensemble-member-row')).toHaveCount(3);
    await expect(page.getByTestId('ensemble-member-row').filter({ hasText: 'deleted run' })).toHaveCount(1);
  });
});
