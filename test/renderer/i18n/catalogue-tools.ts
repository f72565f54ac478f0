/** Helpers for the catalogue tests: flattened messages, placeholders, and the keys the sources use. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isMethod } from '../../../main/api/contract.ts';

export const RENDERER_SRC = join(import.meta.dirname, '..', '..', '..', 'renderer', 'src');

type Tree = { [key: string]: string | Tree };

/** 'a.b.c' → text, for every message. */
export function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

/** The keys `t()` accepts: plural forms ('x_one', 'x_other') by their base name. */
export function catalogueKeys(tree: object): Set<string> {
  return new Set([...flatten(tree).keys()].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
}

export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}

export async function sourceFiles(dir = RENDERER_SRC, ext = /\.(svelte|ts)$/): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'i18n') out.push(...(await sourceFiles(path, ext)));
    } else if (ext.test(entry.name)) out.push(path);
  }
  return out;
}

export type KeyUse = { file: string; key: string };

/**
 * Catalogue keys in the sources: quoted strings that look like keys ('nav.history') are literal
 * uses; the fixed start of a template (`runDetail.tab.${id}`) and the group of tValue('values.status', …)
 * or a `${group}.` prefix built at run time are prefix uses.
 */
export async function sourceKeyUses(namespaces?: readonly string[]): Promise<{ literal: KeyUse[]; prefixes: KeyUse[] }> {
  const { en } = await import('../../../renderer/src/i18n/en/index.ts');
  const roots = namespaces ?? Object.keys(en);
  const root = `(?:${roots.join('|')})`;
  const literal: KeyUse[] = [];
  const prefixes: KeyUse[] = [];
  for (const path of await sourceFiles()) {
    const file = relative(RENDERER_SRC, path);
    const text = await readFile(path, 'utf8');
    for (const m of text.matchAll(new RegExp(`(['"])(${root}\\.[\\w.-]+)\\1`, 'g'))) {
      const key = m[2];
      // API calls ('datasets.list', 'app.info') share names with catalogue sections: only t('…') makes them keys.
      const before = text.slice(Math.max(0, (m.index ?? 0) - 8), m.index);
      if (/\b(on|call)\(\s*$/.test(before) || (isMethod(key) && !/\bt\(\s*$/.test(before))) continue;
      // tValue('values.status', s) and hasMessage(`…`) groups end with the group name: a prefix.
      if (/tValue\(\s*$/.test(text.slice(Math.max(0, (m.index ?? 0) - 10), m.index))) prefixes.push({ file, key: `${key}.` });
      else literal.push({ file, key });
    }
    for (const m of text.matchAll(new RegExp(`\`(${root}\\.[\\w.-]*)\\$\\{`, 'g'))) prefixes.push({ file, key: m[1] });
  }
  return { literal, prefixes };
}
