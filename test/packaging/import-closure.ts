/**
 * The files a compiled module imports, followed from an entry (relative imports, recursively),
 * against the set of files a package holds: what is missing. Bare imports must name a package
 * the app carries (node: builtins and 'electron', which Electron provides, excepted). A static
 * check for code that cannot run here (the Electron shell).
 */
import { isBuiltin } from 'node:module';
import { dirname, join, normalize } from 'node:path';

const SPECIFIERS = /(?:\bimport\s[^'"`;]*?from\s*|\bimport\s*\(\s*|\bexport\s[^'"`;]*?from\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;

export function importsOf(source: string): string[] {
  return [...source.matchAll(SPECIFIERS)].map((m) => m[2]);
}

/** `files`: every file of the package, relative with '/'; `read`: a file's text. */
export function importClosure(entries: readonly string[], files: ReadonlySet<string>, read: (file: string) => string): string[] {
  const missing = new Set<string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!files.has(file)) {
      missing.add(file);
      continue;
    }
    for (const spec of importsOf(read(file))) {
      if (spec.startsWith('.')) {
        queue.push(normalize(join(dirname(file), spec)).split('\\').join('/'));
      } else if (!isBuiltin(spec) && spec !== 'electron') {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!files.has(`node_modules/${pkg}/package.json`)) missing.add(`${file} → ${spec} (node_modules/${pkg})`);
      }
    }
  }
  return [...missing];
}
