/**
 * Which language the UI speaks, as pure functions: the one the user chose (remembered), else the
 * first of the system's / browser's languages that we have, else English.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's name in its own language: what the switcher shows, whatever the current language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

/** The storage key (localStorage) and cookie name that remember the choice. */
export const LOCALE_KEY = 'modelbench-locale';

/** A language tag as we support it: any Chinese → zh-CN, any English → en; else null. */
export function supportedLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const lower = tag.trim().toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return null;
}

/** The remembered choice wins; then the system's languages in order of preference; then English. */
export function pickLocale(remembered: string | null | undefined, preferred: readonly string[]): Locale {
  const chosen = supportedLocale(remembered);
  if (chosen) return chosen;
  for (const tag of preferred) {
    const found = supportedLocale(tag);
    if (found) return found;
  }
  return 'en';
}

/**
 * The remembered locale in a `document.cookie` string. A cookie as well as localStorage because the
 * web host listens on a free port each time, and localStorage is kept per port while cookies are
 * kept per host (127.0.0.1).
 */
export function localeFromCookie(cookie: string): string | null {
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LOCALE_KEY) return decodeURIComponent(rest.join('='));
  }
  return null;
}
