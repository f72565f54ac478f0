/**
 * JSON that keeps non-finite numbers. Diagnostics record exactly what went wrong
 * (a gradient norm of Infinity, a NaN mean), and plain JSON.stringify writes
 * them as null. Here a non-finite number becomes {"$nf": "Infinity"} and is
 * read back as the number. Both stores use it for their JSON columns of
 * diagnostics and explanations.
 */
const TAG = '$nf';

export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [TAG]: String(v) } : v));
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const tagged = (v as Record<string, unknown>)[TAG];
      if (typeof tagged === 'string' && Object.keys(v).length === 1) return Number(tagged);
    }
    return v;
  }) as T;
}
