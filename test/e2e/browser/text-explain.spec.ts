/**
 * Text explanations in the Explain tab, on this spec's own host: a small transformer trained on a
 * text CSV with the real CLI, then in the browser: integrated gradients (the one method offered
 * for texts) shown as highlighted text (tokens with their values in titles, the legend, a row
 * picker), and the attention card: one row's maps as a heatmap with layer and head selectors.
 * No serious axe violation on the tab (the token colours' contrast included).
 * Screenshot: run-explain-text.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { seriousAxeViolations } from '../support/a11y.ts';
import { shot } from '../support/app.ts';
import { startOwnHost, type OwnHost } from '../support/own-host.ts';

const CLI = join('main', 'cli', 'main.ts');
const cli = async (args: string[]) => (await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 16 << 20, timeout: 120_000 })).stdout;

let tmp = '';
let host: OwnHost | undefined;
test.beforeAll(async () => {
  test.setTimeout(150_000);
  tmp = mkdtempSync(join(tmpdir(), 'modelbench-e2e-text-'));
  const home = join(tmp, 'home');
  const csv = join(tmp, 'mails.csv');
  writeFileSync(csv, ['text,label', ...Array.from({ length: 80 }, (_, i) => (i % 2 ? `"win a cheap prize now, claim it ${i}",spam` : `"the meeting notes are attached for you ${i}",ham`))].join('\n'));
  await cli(['dataset', 'import', csv, '--text', 'text', '--max-length', '12', '--home', home]);
  await cli(['train', '--dataset', 'mails', '--model', 'text-transformer', '--epochs', '3', '--name', 'mail-transformer', '--home', home]);
  host = await startOwnHost('text-explain', tmp, home);
});
test.afterAll(async () => {
  await host?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('a text run: tokens as highlighted text, attention maps per layer and head', async ({ page }) => {
  await page.goto(host!.url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  await page.getByTestId('nav-history').click();
  await page.getByTestId('history-row').filter({ hasText: 'mail-transformer' }).getByTestId('history-open').click();
  await expect(page.getByTestId('run-detail-title')).toHaveText('mail-transformer');
  await page.getByTestId('tab-explain').click();

  await test.step('integrated gradients only, shown as text', async () => {
    await expect(page.getByTestId('explain-method').locator('option')).toHaveCount(1);
    await page.getByTestId('explain-rows').fill('4');
    await page.getByTestId('explain-start').click();
    const tokens = page.getByTestId('explain-token');
    await expect(tokens.first()).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('explain-beeswarm')).toHaveCount(0);
    await expect(page.getByTestId('explain-token-text')).toContainText(/meeting|prize/);
    await expect(tokens.first()).toHaveAttribute('title', /^“.+” \(token 1\): [+−]?[\d.e−-]+, (raises|lowers|no effect on) P\((spam|ham)\)/);
    await expect(page.getByTestId('explain-token-summary')).toContainText('base (an all-padding text)');
    await expect(page.getByTestId('explain-token-legend').getByRole('listitem')).toHaveCount(5);
    const first = await page.getByTestId('explain-token-text').textContent();
    await page.getByTestId('explain-token-row').selectOption({ index: 1 });
    await expect(page.getByTestId('explain-token-text')).not.toHaveText(first ?? '');
  });

  await test.step('attention of the row shown: two layers, four heads and their mean', async () => {
    await page.getByTestId('attention-show').click();
    await expect(page.getByTestId('attention-map').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('attention-row')).toHaveValue('1');
    await expect(page.getByTestId('attention-layer').locator('option')).toHaveCount(2);
    await expect(page.getByTestId('attention-head').locator('option')).toHaveText(['mean of the heads', 'head 1', 'head 2', 'head 3', 'head 4']);
    await page.getByTestId('attention-layer').selectOption({ index: 1 });
    await page.getByTestId('attention-head').selectOption('2');
    await expect(page.getByTestId('attention-map')).toHaveAttribute('aria-label', /^Attention map of \S+_attn, head 3: a heatmap over \d+ tokens/);
    await page.getByTestId('attention-row').fill('99999');
    await expect(page.getByTestId('attention-error')).toContainText('row 99999 is past the end of the val split');
    await page.getByTestId('attention-row').fill('0');
    await expect(page.getByTestId('attention-map').locator('canvas').first()).toBeVisible({ timeout: 30_000 });
    await shot(page, 'run-explain-text');
  });

  await test.step('no serious accessibility violation on the tab', async () => {
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
