/** Where an exported file sits relative to <home>/exports, for the web host's download links. */

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '');
}

/** Path of `file` (absolute, or relative to outDir) inside <home>/exports, or null when it is elsewhere. */
export function exportRelativePath(file: string, outDir: string, home: string): string | null {
  const f = normalise(file);
  const abs = f.startsWith('/') || /^[A-Za-z]:\//.test(f) ? f : `${normalise(outDir)}/${f}`;
  const root = `${normalise(home)}/exports/`;
  if (!abs.startsWith(root)) return null;
  const rel = abs.slice(root.length);
  return rel.split('/').some((s) => s === '..' || s === '') ? null : rel;
}

export function fileName(path: string): string {
  return normalise(path).split('/').pop() ?? path;
}
