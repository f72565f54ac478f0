/**
 * Finds English UI text on a page shown in another language: every visible text node and every
 * read attribute (title, placeholder, aria-label, alt) is compared with the English catalogue.
 * A text that equals an English message, or matches one with its {{placeholders}} filled in, is
 * a string the translation missed. Messages that are the same in both languages (technical
 * names) are not looked for; code, <pre>, translate="no" (technical names) and anything marked
 * lang="en" (the engine's own English detail) are skipped.
 */
import type { Page } from '@playwright/test';
import { en } from '../../../renderer/src/i18n/en/index.ts';
import { zhCN } from '../../../renderer/src/i18n/zh-CN/index.ts';

type Tree = { [key: string]: string | Tree };
function flatten(tree: object, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree as Tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else flatten(v, `${prefix}${k}.`, out);
  }
  return out;
}

type Matcher = { key: string; english: string; test(text: string): boolean };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Placeholders that always hold a number: they match a token with a digit, so '{{n}} study' does not match 'layout study'. */
const NUMERIC = new Set(['n', 'count', 'total', 'shown', 'done', 'step', 'epoch', 'epochs', 'page', 'pages', 'percent', 'from', 'to', 'trials', 'seed', 'repeats', 'batch', 'runs', 'front', 'points', 'lanes', 'params', 'rows', 'row', 'max', 'pruned', 'sent', 'trial']);
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
/** Technical names both languages write the same way: 'PostgreSQL {{location}}' has no English word to miss. */
const TECHNICAL = /\b(PostgreSQL|SQLite|ONNX|WebGPU|TensorFlow|SHAP|LIME|Adam|ReLU|MNIST|CSV|JSON|URL|GPU|CPU|wasm)\b/g;

/** One matcher per English message that another language says differently and that has words in it. */
export function englishMatchers(): Matcher[] {
  const zh = flatten(zhCN);
  const out: Matcher[] = [];
  for (const [key, english] of flatten(en)) {
    if (zh.get(key) === english) continue;
    const fixed = english.replace(PLACEHOLDER, ' ').replace(TECHNICAL, ' ');
    // A message that is mostly placeholders ('{{a}}: {{b}}') would match anything: only look for ones with a real word.
    if (!/[A-Za-z]{3,}/.test(fixed)) continue;
    if (english.includes('{{')) {
      let source = '';
      let last = 0;
      for (const m of english.matchAll(PLACEHOLDER)) {
        source += escape(english.slice(last, m.index)) + (NUMERIC.has(m[1]) ? '[\\d.,]+' : '.+?');
        last = (m.index ?? 0) + m[0].length;
      }
      const pattern = new RegExp(`^${source}${escape(english.slice(last))}$`);
      out.push({ key, english, test: (text) => pattern.test(text) });
    } else {
      out.push({ key, english, test: (text) => text === english });
    }
  }
  return out;
}

export type SeenText = { text: string; where: string };

/**
 * Visible texts and read attributes of the page, trimmed, outside code and parts marked as another
 * language (`skipLang`: lang="en" for the engine's English detail, lang="zh-CN" for the language
 * switch's own names).
 */
export async function visibleTexts(page: Page, skipLang = 'en'): Promise<SeenText[]> {
  return page.evaluate((skipLang) => {
    // translate="no" marks technical names shown as they are (activation functions, …).
    const skip = (el: Element | null) => !!el?.closest(`code, pre, kbd, script, style, [translate="no"], [lang="${skipLang}"], [aria-hidden="true"]`);
    const shown = (el: Element) => (el as HTMLElement).checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true;
    const out: { text: string; where: string }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (!text || !parent || skip(parent) || !shown(parent)) continue;
      out.push({ text, where: parent.tagName.toLowerCase() + (parent.getAttribute('data-testid') ? `[${parent.getAttribute('data-testid')}]` : '') });
    }
    for (const el of Array.from(document.querySelectorAll('[title], [placeholder], [aria-label], [alt], option'))) {
      if (skip(el)) continue;
      // Options of a closed select are not "visible" to checkVisibility, but people read them when it opens.
      if (el.tagName !== 'OPTION' && !shown(el)) continue;
      for (const attr of ['title', 'placeholder', 'aria-label', 'alt']) {
        const value = el.getAttribute(attr)?.trim();
        if (value) out.push({ text: value, where: `${el.tagName.toLowerCase()}@${attr}` });
      }
      if (el.tagName === 'OPTION') out.push({ text: (el.textContent ?? '').trim(), where: 'option' });
    }
    return out;
  }, skipLang);
}

/** Chinese text on a page shown in English (the language switch's own "简体中文" is marked lang="zh-CN" and skipped). */
export async function chineseOnPage(page: Page): Promise<string[]> {
  const found = (await visibleTexts(page, 'zh-CN')).filter((t) => /[\u3400-\u9fff]/.test(t.text)).map((t) => `${t.where}: ${JSON.stringify(t.text)}`);
  return [...new Set(found)];
}

/** The texts on the page that are untranslated English UI strings, with the message they match. */
export async function englishOnPage(page: Page, matchers: readonly Matcher[]): Promise<string[]> {
  const found: string[] = [];
  for (const seen of await visibleTexts(page)) {
    const m = matchers.find((x) => x.test(seen.text));
    if (m) found.push(`${seen.where}: ${JSON.stringify(seen.text)} (en message ${m.key})`);
  }
  return [...new Set(found)];
}
