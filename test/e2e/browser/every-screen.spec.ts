/**
 * Every screen, in Chinese and in English, checked for what people need from it, on the seeded
 * workbench (support/seed-workbench.ts: runs, a study with pruned trials, prune experiments),
 * served by this spec's own engine and web host:
 *  - zh-CN: no visible English text that the English catalogue has (support/english-text.ts);
 *  - screenshots of every screen in both languages (test-results/screenshots/zh-CN-*, en-*);
 *  - the language follows the browser, switches in place and is remembered;
 *  - axe-core finds no serious or critical WCAG 2.1 A/AA violation on any screen;
 *  - Tab reaches every control with a visible focus; the shortcuts work and are listed under '?'.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { keyboardWalk, seriousAxeViolations } from '../support/a11y.ts';
import { shot } from '../support/app.ts';
import { chineseOnPage, englishMatchers, englishOnPage } from '../support/english-text.ts';
import { startSeededHost, type SeededHost } from '../support/own-host.ts';
import { SCREEN_NAMES, walkScreens } from '../support/screen-walk.ts';
import type { WorkbenchSummary } from '../support/seed-workbench.ts';

let seeded: SeededHost<WorkbenchSummary> | undefined;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  seeded = await startSeededHost<WorkbenchSummary>('every-screen', 'test/e2e/support/seed-workbench.ts');
});

test.afterAll(async () => {
  await seeded?.stop();
});

async function openIn(browser: Browser, locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(seeded!.host.url);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connection', 'open');
  return page;
}

test('zh-CN: every screen is in Chinese, with no English UI string left', async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await openIn(browser, 'zh-CN');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('nav-history')).toHaveText('历史记录');
  const matchers = englishMatchers();
  expect(matchers.length, 'the English catalogue has messages to look for').toBeGreaterThan(500);
  const visited: string[] = [];
  await walkScreens(page, seeded!.summary, async (name) => {
    visited.push(name);
    expect.soft(await englishOnPage(page, matchers), `${name}: English UI text in the Chinese UI`).toEqual([]);
    await shot(page, `zh-CN-${name}`);
  });
  expect(visited).toEqual([...SCREEN_NAMES]);
  await page.context().close();
});

test('en: every screen in English (screenshots)', async ({ browser }) => {
  test.setTimeout(240_000);
  const page = await openIn(browser, 'en-US');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await walkScreens(page, seeded!.summary, async (name) => {
    // The English UI shows no Chinese: every message came from the English catalogue.
    expect.soft(await chineseOnPage(page), `${name}: Chinese text in the English UI`).toEqual([]);
    await shot(page, `en-${name}`);
  });
  await page.context().close();
});

test('the language follows the browser, switches in place and is remembered', async ({ browser }) => {
  const page = await openIn(browser, 'en-US');
  await page.getByTestId('nav-history').click();
  await expect(page.getByTestId('history-row').first()).toBeVisible();
  const rows = await page.getByTestId('history-row').count();
  await page.getByTestId('locale-select').selectOption('zh-CN');
  // In place: the same screen, its rows still there, its words in Chinese.
  await expect(page.locator('h1')).toHaveText('历史记录');
  await expect(page.getByTestId('history-row')).toHaveCount(rows);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('sort-createdAt')).toContainText('创建时间');
  await page.reload();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-connection', 'open');
  await expect(page.getByTestId('nav-history')).toHaveText('历史记录');
  await page.getByTestId('locale-select').selectOption('en');
  await expect(page.getByTestId('nav-history')).toHaveText('History');
  await page.context().close();
});

for (const locale of ['en-US', 'zh-CN']) {
  test(`accessibility (${locale}): no serious or critical axe violation on any screen`, async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await openIn(browser, locale);
    await walkScreens(page, seeded!.summary, async (name) => {
      expect.soft(await seriousAxeViolations(page), `${name}: serious or critical accessibility violations`).toEqual([]);
    });
    await page.context().close();
  });
}

test('keyboard: Tab reaches every control of every screen, each with a visible focus', async ({ browser }) => {
  test.setTimeout(300_000);
  const page = await openIn(browser, 'en-US');
  await walkScreens(page, seeded!.summary, async (name) => {
    const walk = await keyboardWalk(page, name === 'shortcut-help' ? 'dialog[open]' : 'body');
    expect.soft(walk.unreached, `${name}: controls Tab never reaches`).toEqual([]);
    expect.soft(walk.noFocusStyle, `${name}: controls without a visible focus`).toEqual([]);
  });
  await page.context().close();
});

test('shortcuts: ? lists them, digits open the main screens, typing is left alone', async ({ browser }) => {
  const page = await openIn(browser, 'en-US');
  // The skip link is the first stop and moves focus to the content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  await page.keyboard.press('?');
  const help = page.getByTestId('shortcut-help');
  await expect(help).toBeVisible();
  await expect(help.getByTestId('shortcut-row')).toHaveCount(9);
  await expect(help).toContainText('Go to History');
  await shot(page, 'shortcut-help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('4');
  await expect(page.getByTestId('screen-history')).toBeVisible();
  await page.keyboard.press('/');
  await expect(page.getByTestId('history-search')).toBeFocused();
  // Typed into the search field, '2' is text, not "go to New run".
  await page.keyboard.type('2');
  await expect(page.getByTestId('history-search')).toHaveValue('2');
  await expect(page.getByTestId('screen-history')).toBeVisible();
  await page.getByTestId('history-search').fill('');
  await page.locator('#main').focus();
  for (const [key, screen] of [['1', 'datasets'], ['2', 'new-run'], ['3', 'training'], ['5', 'studies'], ['6', 'experiments']] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${screen}`)).toHaveAttribute('aria-current', 'page');
  }
  await page.context().close();
});
