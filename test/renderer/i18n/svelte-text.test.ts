/**
 * No user-visible text in a .svelte file outside the i18n layer: every word a person reads comes
 * from t() (renderer/src/i18n). This is the check that keeps new screens translated: a heading,
 * a button label, a title / placeholder / aria-label attribute, or a quoted string shown by a
 * template expression ({busy ? 'Saving…' : 'Save'}) that contains a letter fails here, naming the
 * file and line. Technical names that are the same in every language are listed below.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { parse } from 'svelte/compiler';
import { RENDERER_SRC, sourceFiles } from './catalogue-tools.ts';

/** Words that stay as they are: brand, format and key names, and placeholders that show code to type. */
const TECHNICAL = new Set([
  'Model', 'bench', 'TensorFlow.js', 'ONNX', 'P(', 'Tab', 'Shift', 'Esc', 'sh -c', 'v',
  '{"layers": [{"kind": "dense", "units": 16}]}', 'python3 train.py', 'relu, tanh, elu', 'a, b',
]);
/** Attributes people read (as tooltips, placeholders or by a screen reader), and component props that become them. */
const READ_ATTRIBUTES = new Set(['title', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'alt', 'label', 'caption']);
/** Inside these, text is code or a key name, not prose. */
const CODE_ELEMENTS = new Set(['code', 'kbd', 'pre', 'script', 'style']);

type Node = { type: string; start: number; [key: string]: unknown };
export type Finding = { line: number; text: string };

const hasLetters = (s: string) => /[A-Za-z\u3400-\u9fff]/.test(s);
const allowed = (s: string) => !hasLetters(s) || TECHNICAL.has(s.trim());

/** Strings an expression shows as they are: a literal, either side of ?: / ?? / ||, the text of a template literal. */
function shownStrings(expr: Node | undefined): { text: string; start: number }[] {
  if (!expr) return [];
  switch (expr.type) {
    case 'Literal':
      return typeof expr.value === 'string' ? [{ text: expr.value, start: expr.start }] : [];
    case 'TemplateLiteral':
      return (expr.quasis as Node[]).map((q) => ({ text: String((q.value as { cooked: string }).cooked), start: q.start }));
    case 'ConditionalExpression':
      return [...shownStrings(expr.consequent as Node), ...shownStrings(expr.alternate as Node)];
    case 'LogicalExpression':
      return [...shownStrings(expr.left as Node), ...shownStrings(expr.right as Node)];
    default:
      return [];
  }
}

export function untranslatedText(source: string): Finding[] {
  const ast = parse(source, { modern: true }) as unknown as { fragment: Node };
  const found: Finding[] = [];
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const report = (text: string, start: number) => {
    if (!allowed(text)) found.push({ line: lineOf(start), text: text.trim() });
  };
  const visit = (node: unknown, inCode: boolean): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inCode));
    const n = node as Node;
    const code = inCode || ((n.type === 'RegularElement' || n.type === 'SvelteElement') && CODE_ELEMENTS.has(String(n.name)));
    if (n.type === 'Text' && !code) report(String(n.data), n.start);
    if (n.type === 'ExpressionTag' && !code) for (const s of shownStrings(n.expression as Node)) report(s.text, s.start);
    if (n.type === 'Attribute' && READ_ATTRIBUTES.has(String(n.name))) {
      const parts = Array.isArray(n.value) ? (n.value as Node[]) : [n.value as Node];
      for (const part of parts) {
        if (part?.type === 'Text') report(String(part.data), part.start);
        if (part?.type === 'ExpressionTag') for (const s of shownStrings(part.expression as Node)) report(s.text, s.start);
      }
      return;
    }
    // Other attributes and directives (class:, style:, bind:, on…) hold values, ids and CSS, not prose.
    if (n.type === 'Attribute' || String(n.type).endsWith('Directive') || n.type === 'Script' || n.type === 'StyleSheet') return;
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && key !== 'metadata') visit(value, code);
  };
  visit(ast.fragment, false);
  return found;
}

test('the checker finds text outside the i18n layer, and lets translated text and code through', () => {
  const bad = untranslatedText(
    '<h1>Datasets</h1>\n<button title="Remove" aria-label={busy ? "Saving…" : t("a.b")}>{busy ? \'Importing…\' : t(\'x.y\')}</button>\n<Chart label="{metric} per epoch" />',
  );
  assert.deepEqual(bad.map((f) => f.text), ['Datasets', 'Remove', 'Saving…', 'Importing…', 'per epoch']);
  assert.deepEqual(bad.map((f) => f.line), [1, 2, 2, 2, 3]);
  assert.deepEqual(untranslatedText('<p>{t(\'a.b\')} · <code>depth</code> — {n} ✕</p><kbd>?</kbd><input placeholder={t("c.d")} data-testid="run-name" />'), []);
});

test('no .svelte file shows text that bypasses t()', async () => {
  const offenders: string[] = [];
  for (const path of await sourceFiles(RENDERER_SRC, /\.svelte$/)) {
    for (const f of untranslatedText(await readFile(path, 'utf8'))) offenders.push(`${relative(RENDERER_SRC, path)}:${f.line}: ${JSON.stringify(f.text)}`);
  }
  assert.deepEqual(offenders, [], 'user-visible text outside the i18n layer: put it in renderer/src/i18n/en and zh-CN and show it with t()');
});
