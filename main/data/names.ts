/**
 * Dataset names stay unambiguous: a name the user did not choose (a file's
 * name, a sample's) that is taken becomes 'wine (2)', 'wine (3)'… Pure, so the
 * UI can suggest the same name the engine would give.
 */

/** The longest dataset name the API accepts (contract.ts). */
export const MAX_NAME_LENGTH = 200;

export function uniqueName(base: string, taken: Iterable<string>): string {
  const names = new Set(taken);
  const clean = base.trim().slice(0, MAX_NAME_LENGTH) || 'dataset';
  if (!names.has(clean)) return clean;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = `${clean.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    if (!names.has(candidate)) return candidate;
  }
}

/** The longest name an upload is stored under, in UTF-8 bytes (file systems allow 255). */
const MAX_FILE_NAME_BYTES = 200;

/**
 * The name a file the user sent (from a page) is stored under while it imports,
 * kept as close to its own name as every file system allows: only the last path
 * segment; no control characters or characters Windows forbids (`<>:"|?*`,
 * replaced by '_'); no leading dots (hidden, '..') or trailing dots and spaces;
 * not a Windows device name (CON, NUL, COM1…); at most 200 UTF-8 bytes, the
 * extension kept. Pure, so the UI can suggest the name the engine will give.
 */
export function uploadFileName(raw: string): string {
  const last = raw.split(/[\\/]/).pop() ?? '';
  let name = last
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[\s.]+/, '')
    .replace(/[\s.]+$/, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(name)) name = `_${name}`;
  name = fitBytes(name, MAX_FILE_NAME_BYTES);
  return name || 'upload.csv';
}

/** Cuts the stem (never the extension, unless it alone is too long) to fit `limit` UTF-8 bytes, by whole characters. */
function fitBytes(name: string, limit: number): string {
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  if (bytes(name) <= limit) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && bytes(name.slice(dot)) <= 20 ? name.slice(dot) : '';
  const chars = [...name.slice(0, name.length - ext.length)];
  while (chars.length > 0 && bytes(chars.join('') + ext) > limit) chars.pop();
  return chars.join('').replace(/[\s.]+$/, '') + ext;
}
