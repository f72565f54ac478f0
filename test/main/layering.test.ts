/**
 * The layering of docs/interfaces.md, checked on every import of main/, db/,
 * electron/ and renderer/: no module imports a higher layer at run time (type
 * imports are erased and free), and the renderer's value imports from main/
 * reach only browser-safe modules (nothing that pulls in Node, tfjs, SQLite or
 * Electron). A new folder must be placed in a layer here before its imports pass.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = normalize(join(dirname(fileURLToPath(import.meta.url)), '../..'));

/** Lowest first. A module may import its own layer and any layer below it. */
const LAYERS: { name: string; match: RegExp }[] = [
  { name: 'ground', match: /^main\/(api\/errors\.ts|limits\.ts|util\/)/ },
  { name: 'types', match: /^main\/(api\/(schemas|events)\.ts|.*\/types\.ts$|compression\/defaults\.ts)/ },
  { name: 'domain', match: /^main\/(data|model|backend|train|tuner|measure|export|explain|forecast|diagnose|ensemble|compression)\// },
  { name: 'store', match: /^(db|main\/storage)\// },
  { name: 'run', match: /^main\/run\// },
  { name: 'jobs', match: /^main\/(study|worker|compression\/experiments|bundle|ensemble\/job)\// },
  { name: 'api', match: /^main\/api\/(contract|dispatch)\.ts$/ },
  { name: 'engine', match: /^main\/engine\// },
  { name: 'shells', match: /^(main\/(cli|web)\/|electron\/)/ },
];

function layerOf(path: string): number {
  // More specific patterns (types.ts, compression/experiments) are listed so the highest match wins.
  let found = -1;
  LAYERS.forEach((layer, i) => {
    if (layer.match.test(path)) found = i;
  });
  // types.ts files inside domain folders are types, not domain: take the lowest match for those.
  if (/\/types\.ts$/.test(path) || /^main\/compression\/defaults\.ts$/.test(path)) return 1;
  return found;
}

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (name === 'node_modules' || name === 'dist') continue;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|cts|svelte)$/.test(name)) out.push(rel);
  }
  return out;
}

type Import = { from: string; to: string; typeOnly: boolean; line: string };

/** Packages the renderer bundle must never pull in. */
const SERVER_ONLY = /^(node:|@tensorflow\/|better-sqlite3|electron|ws$|papaparse$|pngjs|jpeg-js|mnist)/;

function importsOf(file: string): Import[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'(\.[^']+)'/gm)) {
    const to = normalize(join(dirname(file), m[4]!));
    // `import { type A, type B }` is type-only too.
    const names = m[3]!;
    const typeOnly = Boolean(m[2]) || (/^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type')));
    out.push({ from: file, to: relative(root, join(root, to)), typeOnly, line: m[0]!.trim() });
  }
  return out;
}

test('every engine module sits in a layer', () => {
  const unplaced = [...sources('main'), ...sources('db'), ...sources('electron')].filter((f) => layerOf(f) < 0);
  assert.deepEqual(unplaced, [], 'place these folders in LAYERS (and docs/interfaces.md)');
});

test('no module imports a higher layer at run time (type imports are erased and free)', () => {
  const violations: string[] = [];
  for (const file of [...sources('main'), ...sources('db'), ...sources('electron')]) {
    const from = layerOf(file);
    for (const imp of importsOf(file)) {
      const to = layerOf(imp.to);
      if (to < 0) continue; // outside the engine (tests, assets)
      if (to <= from || imp.typeOnly) continue;
      violations.push(`${file} (${LAYERS[from]!.name}) → ${imp.to} (${LAYERS[to]!.name}): ${imp.line}`);
    }
  }
  assert.deepEqual(violations, []);
});

/** Package imports of a module and of every module it imports at run time. */
function packagesReached(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\s+from\s+'([^'.][^']*)'/gm)) out.push(m[1]!);
  for (const imp of importsOf(file)) if (!imp.typeOnly) out.push(...packagesReached(imp.to, seen));
  return out;
}

test('the renderer imports types from main/, and at run time only browser-safe modules', () => {
  const violations: string[] = [];
  for (const file of sources('renderer/src')) {
    for (const imp of importsOf(file)) {
      if (imp.typeOnly || !/^(main|db)\//.test(imp.to)) continue;
      const bad = packagesReached(imp.to).filter((p) => SERVER_ONLY.test(p));
      if (imp.to.startsWith('db/') || bad.length) violations.push(`${file} → ${imp.to} (pulls in ${[...new Set(bad)].join(', ') || 'the store'})`);
    }
  }
  assert.deepEqual(violations, []);
});
