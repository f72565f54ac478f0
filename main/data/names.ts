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
