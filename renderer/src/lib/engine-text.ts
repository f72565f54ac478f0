/**
 * Engine sentences stored in English (step labels, import warnings) in the UI's language.
 * English shows the engine's text as it is; another language reads it back into its key and
 * parameters with the engine's own parser (main/util/message-template.ts) and says it with the
 * catalogue's template for that key. A text the parser does not know (an older wording, user
 * text) is shown as it is.
 */
import { locale } from '../i18n/index.ts';

type Parts = { key: string; params: Readonly<Record<string, number | string>> };

export function engineText<P extends Parts>(text: string, parse: (text: string) => P | null, say: (parts: P) => string): string {
  if (locale() === 'en') return text;
  const parts = parse(text);
  return parts ? say(parts) : text;
}

/** The parameters as the template's {{placeholders}}, each said by `say(name, value)`. */
export function templateVars(params: Parts['params'], say: (name: string, value: number | string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, say(name, value)]));
}
