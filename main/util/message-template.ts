/**
 * Engine sentences with {{placeholders}}, in both directions (pure, browser-safe).
 *
 * The engine stores and prints its English sentences (step labels, import
 * warnings); other languages translate them by key and parameters. A
 * `messageCodec` owns one set of templates: `format(parts)` is the English
 * text, `parse(text)` gives the parts back, or null for any text the templates
 * do not make (older wording, user text). Parsing only accepts a text that
 * formats back to itself, so what the renderer translates is exactly what the
 * engine said.
 */

/** How a parameter is written and read: a number, one of fixed words, or any text. */
export type ParamKind = 'number' | 'text' | readonly string[];
export type ParamSpec = Record<string, ParamKind>;
export type ParamValues = Record<string, number | string>;
export type ParamsOf<S extends ParamSpec> = { [P in keyof S]: S[P] extends 'number' ? number : S[P] extends readonly (infer E)[] ? E : string };
/** One template per key; each key's parameters by kind. */
export type Templates = Record<string, string>;
export type PartsOf<S extends Record<string, ParamSpec>> = { [K in keyof S & string]: { key: K; params: ParamsOf<S[K]> } }[keyof S & string];

/** Fills {{name}} placeholders of `template` through `format`. */
export function fillTemplate(template: string, params: ParamValues, format: (name: string, value: number | string) => string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => (name in params ? format(name, params[name]) : `{{${name}}}`));
}

/** The placeholder names of a template, in order. */
export function placeholderNames(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);
}

const NUMBER = '-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function patternOf(kind: ParamKind): string {
  if (kind === 'number') return NUMBER;
  if (kind === 'text') return '.+';
  return kind.map(escapeRegExp).join('|');
}

function compile(template: string, spec: ParamSpec): { names: string[]; re: RegExp } {
  const names = placeholderNames(template);
  const source = template.split(/\{\{\w+\}\}/).map(escapeRegExp);
  const body = source.map((s, i) => (i < names.length ? `${s}(${patternOf(spec[names[i]])})` : s)).join('');
  return { names, re: new RegExp(`^${body}$`, 's') };
}

/** English parameters as the engine writes them: numbers in JavaScript's shortest form, words as they are. */
const asWritten = (_: string, value: number | string) => String(value);

export type MessageCodec<S extends Record<string, ParamSpec>> = {
  format(parts: PartsOf<S>): string;
  parse(text: string): PartsOf<S> | null;
};

/** Templates and their parameters' kinds → format and parse. Every placeholder must have a kind (checked here, once). */
export function messageCodec<S extends Record<string, ParamSpec>>(templates: { [K in keyof S]: string }, specs: S): MessageCodec<S> {
  const keys = Object.keys(specs) as (keyof S & string)[];
  const compiled = new Map(keys.map((key) => {
    const template = templates[key];
    const names = placeholderNames(template);
    const missing = names.filter((n) => !(n in specs[key]));
    const unused = Object.keys(specs[key]).filter((n) => !names.includes(n));
    if (missing.length || unused.length) throw new Error(`template '${key}': placeholders and parameter kinds differ (${[...missing, ...unused].join(', ')})`);
    return [key, compile(template, specs[key])] as const;
  }));
  const format = (parts: PartsOf<S>) => fillTemplate(templates[parts.key], parts.params as ParamValues, asWritten);
  return {
    format,
    parse(text) {
      for (const key of keys) {
        const { names, re } = compiled.get(key)!;
        const m = re.exec(text);
        if (!m) continue;
        const params: ParamValues = {};
        names.forEach((name, i) => {
          params[name] = specs[key][name] === 'number' ? Number(m[i + 1]) : m[i + 1];
        });
        const parts = { key, params } as PartsOf<S>;
        if (format(parts) === text) return parts;
      }
      return null;
    },
  };
}
