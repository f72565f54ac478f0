/**
 * The renderer's one i18n layer: i18next with the catalogues in en/ and zh-CN/.
 *
 * `t(key, vars)` may be called anywhere: in templates, in $derived values and in the pure chart
 * builders. Inside Svelte's reactive code it subscribes to the language (svelte/reactivity's
 * createSubscriber), so a switch redraws every text and chart in place, without a reload; outside
 * (node tests) it simply translates.
 */
import i18next from 'i18next';
import { createSubscriber } from 'svelte/reactivity';
import { en } from './en/index.ts';
import { LOCALE_KEY, LOCALES, localeFromCookie, pickLocale, type Locale } from './locale.ts';
import type { MessageKey, MessageVars } from './messages.ts';
import { zhCN } from './zh-CN/index.ts';

export { LOCALE_NAMES, LOCALES, type Locale } from './locale.ts';
export type { MessageKey, MessageVars } from './messages.ts';

const engine = i18next.createInstance();
void engine.init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  load: 'currentOnly',
  initAsync: false,
  // Svelte escapes text itself; escaping here would show '&lt;' in the page.
  interpolation: { escapeValue: false },
  returnNull: false,
});

let current: Locale = 'en';
const changed = new Set<() => void>();
const subscribe = createSubscriber((update) => {
  changed.add(update);
  return () => changed.delete(update);
});

export function t(key: MessageKey, vars?: MessageVars): string {
  subscribe();
  return engine.t(key, vars as Record<string, unknown>) as string;
}

/** A message chosen by a value the engine sends ('completed', 'classification'): its translation, else the value itself. */
export function tValue(group: string, value: string): string {
  subscribe();
  const key = `${group}.${value}`;
  return engine.exists(key) ? (engine.t(key) as string) : value;
}

/** Whether a key built at run time has a message. */
export function hasMessage(key: string): boolean {
  return engine.exists(key);
}

export function locale(): Locale {
  subscribe();
  return current;
}

/** Switches the language now; `remember` stores the choice (the user picked it) for the next start. */
export function setLocale(next: Locale, remember = false): void {
  if (!LOCALES.includes(next)) throw new Error(`unknown locale ${next}`);
  void engine.changeLanguage(next);
  current = next;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = next;
    if (remember) {
      try {
        localStorage.setItem(LOCALE_KEY, next);
      } catch {
        // Storage may be off; the cookie still remembers.
      }
      document.cookie = `${LOCALE_KEY}=${encodeURIComponent(next)}; path=/; max-age=31536000; SameSite=Strict`;
    }
  }
  for (const update of changed) update();
}

/** At start-up: the remembered choice, else the system's / browser's languages, else English. */
export function startI18n(): Locale {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(LOCALE_KEY);
  } catch {
    remembered = null;
  }
  remembered ??= localeFromCookie(document.cookie);
  const chosen = pickLocale(remembered, navigator.languages ?? [navigator.language]);
  setLocale(chosen);
  return chosen;
}
