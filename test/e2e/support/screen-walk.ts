/**
 * Every screen of the app on the seeded workbench (support/seed-workbench.ts), reached by test ids
 * only, so the walk works in any UI language. `visit(name)` runs once each screen has settled.
 */
import { expect, type Page } from '@playwright/test';
import type { WorkbenchSummary } from './seed-workbench.ts';

export type ScreenVisit = (name: string) => Promise<void>;

export const SCREEN_NAMES = [
  'datasets', 'new-run', 'training', 'history', 'compare', 'run-detail', 'run-explain', 'run-diagnostics',
  'experiment-builder', 'studies', 'study-live', 'study-setup', 'experiments', 'experiment-detail', 'ensemble-detail', 'ensemble-builder', 'settings', 'shortcut-help',
] as const;

async function settle(page: Page): Promise<void> {
  // Charts draw on the next frames; late rows arrive over the socket.
  await page.waitForTimeout(300);
}

async function openHistory(page: Page): Promise<void> {
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row').first()).toBeVisible();
}

export async function walkScreens(page: Page, s: WorkbenchSummary, visit: ScreenVisit): Promise<void> {
  const at = async (name: (typeof SCREEN_NAMES)[number]) => {
    await settle(page);
    await visit(name);
  };

  await page.getByTestId('nav-datasets').click();
  await page.locator(`[data-testid=dataset-item]`).first().click();
  await expect(page.getByTestId('dataset-preview-table')).toBeVisible();
  await at('datasets');

  await page.getByTestId('nav-new-run').click();
  await expect(page.getByTestId('param-count')).toHaveText(/\d/);
  await at('new-run');

  await page.getByTestId('nav-training').click();
  await expect(page.getByTestId('screen-training')).toBeVisible();
  await at('training');

  await openHistory(page);
  await at('history');

  for (const id of [s.runs[0].id, s.runs[1].id]) await page.locator(`[data-testid=history-row][data-run-id="${id}"] [data-testid=history-select]`).check();
  await page.getByTestId('compare-selected').click();
  await expect(page.getByTestId('compare-metrics')).toBeVisible();
  await at('compare');

  await openHistory(page);
  await page.locator(`[data-testid=history-row][data-run-id="${s.runs[7].id}"] [data-testid=history-open]`).click();
  await expect(page.getByTestId('run-detail')).toBeVisible();
  await expect(page.getByTestId('size-latency')).toHaveText(/\d/);
  await at('run-detail');
  await page.getByTestId('tab-explain').click();
  await expect(page.getByTestId('explain-panel')).toBeVisible();
  await at('run-explain');
  await page.getByTestId('tab-diagnostics').click();
  await expect(page.getByTestId('diagnostics-loss')).toBeVisible();
  await expect(page.locator('[data-testid=no-findings], [data-testid^=finding-]').first()).toBeVisible();
  await at('run-diagnostics');
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('compress-run').click();
  await expect(page.getByTestId('experiment-builder')).toBeVisible();
  // Start is enabled once the base run has loaded: the screen has settled.
  await expect(page.getByTestId('builder-start')).toBeEnabled();
  await at('experiment-builder');

  await page.getByTestId('nav-studies').click();
  await expect(page.getByTestId('study-row')).toHaveCount(2);
  await at('studies');
  await page.locator(`[data-testid=study-row][data-study-id="${s.studyId}"]`).getByTestId('study-open').click();
  await expect(page.getByTestId('trials-table')).toHaveAttribute('data-total', '8');
  await at('study-live');
  await page.getByTestId('nav-studies').click();
  await page.getByTestId('study-new').click();
  await expect(page.getByTestId('study-setup')).toBeVisible();
  await at('study-setup');

  await page.getByTestId('nav-experiments').click();
  await expect(page.getByTestId('experiment-row').first()).toBeVisible();
  await at('experiments');
  await page.getByTestId('experiment-row').first().getByTestId('experiment-open').click();
  await expect(page.getByTestId('experiment-detail')).toBeVisible();
  await at('experiment-detail');

  await openHistory(page);
  await page.locator(`[data-testid=ensemble-row][data-ensemble-id="${s.ensembleId}"] [data-testid=ensemble-open]`).click();
  await expect(page.getByTestId('ensemble-detail')).toBeVisible();
  await expect(page.getByTestId('ensemble-members-chart')).toBeVisible();
  await at('ensemble-detail');
  await openHistory(page);
  await page.getByTestId('ensemble-new').click();
  await expect(page.getByTestId('ensemble-builder')).toBeVisible();
  await at('ensemble-builder');

  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-current')).toBeVisible();
  await page.getByTestId('settings-kind-postgresql').check();
  await expect(page.getByTestId('settings-url')).toBeVisible();
  await at('settings');

  await page.getByTestId('shortcut-help-open').click();
  await expect(page.getByTestId('shortcut-help')).toBeVisible();
  await at('shortcut-help');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcut-help')).toBeHidden();
}
