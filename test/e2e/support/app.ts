/** Small helpers shared by the browser specs. */
import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { readHostInfo, SCREENSHOT_DIR } from './host-info.ts';

export async function openApp(page: Page): Promise<void> {
  await page.goto(readHostInfo().url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  // app.info adds parts of screens (the host-path import on Datasets): clicking before it came could hit
  // a button that the new part then pushed down, on a loaded machine.
  await expect(page.getByTestId('app-info')).toBeVisible();
  // The token must not linger in the address bar.
  expect(page.url()).not.toContain('token=');
}

export async function shot(page: Page, name: string): Promise<void> {
  // Let ECharts finish its first paint before capturing.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
