/**
 * Importing by path from the browser: this spec runs its OWN engine + web host
 * (test/e2e/support/serve.ts, as `modelbench serve --data-dir DIR` does) with one
 * allowed folder holding a small image folder, so the shared host never sees it.
 * The Datasets screen lists the allowed folders, imports the image folder by
 * path (thumbnails appear), and shows the engine's clear errors for a path
 * outside the folder and for images of mixed sizes.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { shot } from '../support/app.ts';
import { startOwnHost, type OwnHost } from '../support/own-host.ts';

let tmp = '';
let allowed = '';
let outside = '';
let host: OwnHost | undefined;
let url = '';

function writePng(file: string, size: number, shade: number): void {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) png.data.set([shade, (shade * 3) % 256, 255 - shade, 255], i * 4);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, PNG.sync.write(png));
}

test.beforeAll(async () => {
  test.setTimeout(90_000);
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'modelbench-e2e-path-')));
  allowed = join(tmp, 'allowed');
  outside = join(tmp, 'outside');
  for (let i = 0; i < 4; i++) {
    writePng(join(allowed, 'shapes', 'circle', `c${i}.png`), 8, 30 + i * 10);
    writePng(join(allowed, 'shapes', 'square', `s${i}.png`), 8, 180 + i * 10);
    writePng(join(outside, 'shapes', 'circle', `c${i}.png`), 8, 40);
    writePng(join(outside, 'shapes', 'square', `s${i}.png`), 8, 200);
  }
  writePng(join(allowed, 'mixed', 'a', '1.png'), 8, 10);
  writePng(join(allowed, 'mixed', 'b', '2.png'), 12, 90);

  host = await startOwnHost('path-import', tmp, join(tmp, 'home'), ['--allow', allowed]);
  url = host.url;
});

test.afterAll(async () => {
  await host?.stop();
  if (tmp && !process.env.MODELBENCH_E2E_KEEP) rmSync(tmp, { recursive: true, force: true });
});

test('imports an image folder from an allowed host folder and refuses paths outside it', async ({ page }) => {
  await page.goto(url);
  await expect(page.getByTestId('connection-status')).toHaveText('Web · open');
  const panel = page.getByTestId('host-path-import');
  const input = page.getByTestId('host-path-input');
  const importButton = page.getByTestId('host-path-import-button');
  const error = page.getByTestId('host-path-import-error');

  await test.step('the panel lists the allowed folders', async () => {
    await expect(panel).toContainText('Import from the host machine');
    await expect(page.getByTestId('host-path-roots')).toContainText(allowed);
    await expect(page.getByTestId('host-path-roots')).toContainText(join(tmp, 'home', 'imports'));
    await expect(input).toHaveAttribute('placeholder', `${allowed}/…`);
    await expect(importButton).toBeDisabled();
  });

  await test.step('a path outside the allowed folders is refused with a clear error', async () => {
    await input.fill(join(outside, 'shapes'));
    await importButton.click();
    await expect(error).toContainText(/may only read files you chose.*--data-dir/);
    await expect(page.getByTestId('datasets-empty')).toBeVisible();
  });

  await test.step('a traversal out of the allowed folder is refused too', async () => {
    await input.fill(join(allowed, '..', 'outside', 'shapes'));
    await importButton.click();
    await expect(error).toContainText(/none of these/);
  });

  await test.step('images of mixed sizes: the engine says so', async () => {
    await input.fill(join(allowed, 'mixed'));
    await importButton.click();
    await expect(error).toContainText(/mixed sizes: .*8x8 .*12x12/);
  });

  await test.step('the image folder inside imports, with thumbnails', async () => {
    await input.fill(join(allowed, 'shapes'));
    await importButton.click();
    await expect(page.getByTestId('dataset-title')).toContainText('shapes', { timeout: 60_000 });
    await expect(error).toBeHidden();
    await expect(page.getByTestId('dataset-item')).toHaveCount(1);
    await expect(page.getByTestId('dataset-item').first()).toContainText('8 samples');
    await expect(page.getByTestId('dataset-thumbnails').locator('canvas')).toHaveCount(8);
    await expect(input).toHaveValue('');
    await shot(page, 'datasets-host-path-import');
  });
});
