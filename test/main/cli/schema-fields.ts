/**
 * Walks a zod schema into the fields the docs must describe: each object field
 * with its context (the objects and kinds above it), its default and its range,
 * and every kind and enum value. docs.test.ts checks docs/*.md against it, so
 * the docs cannot drift from main/api/schemas.ts.
 */
import type { z } from 'zod';

/** A field of an object, or (isKind) a value of a union's `kind`. */
export type Field = { context: string[]; name: string; isKind?: true; default?: unknown; range?: string; choices?: string[] };

type Def = { type: string; [key: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { def: Def }).def;

/** "integer ≥ 1 and ≤ 65536", "number > 0 and < 1", "list of at most 500": the wording the docs use. */
function rangeOf(schema: z.ZodType): string | undefined {
  const def = defOf(schema);
  const checks = ((def.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);
  if (def.type === 'number') {
    const integer = checks.some((c) => c.check === 'number_format');
    const bounds = checks.filter((c) => c.check === 'greater_than' || c.check === 'less_than')
      .map((c) => `${c.check === 'greater_than' ? (c.inclusive ? '≥' : '>') : c.inclusive ? '≤' : '<'} ${c.value}`);
    return `${integer ? 'integer' : 'number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
  }
  if (def.type === 'array') {
    const min = checks.find((c) => c.check === 'min_length')?.minimum;
    const max = checks.find((c) => c.check === 'max_length')?.maximum;
    if (min !== undefined && max !== undefined) return `list of ${min} to ${max}`;
    if (min !== undefined) return `list of at least ${min}`;
    return max !== undefined ? `list of at most ${max}` : undefined;
  }
  return undefined;
}

/** Peels default / optional / lazy, keeping the first default met. */
function unwrap(schema: z.ZodType): { inner: z.ZodType; default?: unknown } {
  let inner = schema;
  let dflt: unknown;
  let hasDefault = false;
  for (;;) {
    const def = defOf(inner);
    if (def.type === 'default' && !hasDefault) {
      hasDefault = true;
      dflt = typeof def.defaultValue === 'function' ? (def.defaultValue as () => unknown)() : def.defaultValue;
    }
    if (def.type === 'default' || def.type === 'optional') inner = def.innerType as z.ZodType;
    else if (def.type === 'lazy') inner = (def.getter as () => z.ZodType)();
    else return hasDefault ? { inner, default: dflt } : { inner };
  }
}

const kindsOf = (object: z.ZodType): string[] => {
  const kind = (defOf(object).shape as Record<string, z.ZodType> | undefined)?.kind;
  if (!kind) return [];
  const d = defOf(kind);
  return d.type === 'literal' ? (d.values as string[]) : d.type === 'enum' ? Object.values(d.entries as Record<string, string>) : [];
};

export function schemaFields(schema: z.ZodType, context: string[] = [], seen = new Set<unknown>()): Field[] {
  const { inner } = unwrap(schema);
  if (seen.has(inner)) return [];
  seen.add(inner);
  const def = defOf(inner);
  if (def.type === 'union') {
    // Lazy schemas (layers inside residual blocks) build new objects on every call: know a union by its kinds.
    const key = (def.options as z.ZodType[]).flatMap((o) => kindsOf(unwrap(o).inner)).join('|');
    if (key && seen.has(key)) return [];
    seen.add(key);
    return (def.options as z.ZodType[]).flatMap((option) => {
      const o = unwrap(option).inner;
      const kinds = kindsOf(o);
      return [...kinds.map((k): Field => ({ context, name: k, isKind: true })), ...schemaFields(o, kinds.length ? [...context, kinds[0]] : context, seen)];
    });
  }
  if (def.type === 'array') return schemaFields(def.element as z.ZodType, context, seen);
  if (def.type !== 'object') return [];
  const out: Field[] = [];
  for (const [name, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
    if (name === 'kind') continue;
    const { inner: leaf, default: dflt } = unwrap(field);
    const leafDef = defOf(leaf);
    const entry: Field = { context, name };
    if (dflt !== undefined && (typeof dflt !== 'object' || dflt === null)) entry.default = dflt;
    const range = rangeOf(leaf);
    if (range) entry.range = range;
    if (leafDef.type === 'enum') entry.choices = Object.values(leafDef.entries as Record<string, string>);
    out.push(entry, ...schemaFields(leaf, [...context, name], seen));
  }
  return out;
}

/** How the docs write a default: `'adam'`, `0.001`, `true`. */
export const formatDefault = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));
