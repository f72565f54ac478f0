/**
 * Search spaces as JSON. `validateSpace` checks the shape with zod, then the
 * meaning (bounds, steps, conditions, cycles), and returns params ordered so
 * that every parent comes before the params that depend on it.
 *
 *   validateSpace({ params: {
 *     lr: { kind: 'float', low: 1e-4, high: 1e-1, log: true },
 *     depth: { kind: 'int', low: 1, high: 4 },
 *     units_3: { kind: 'int', low: 16, high: 256, step: 16, when: { param: 'depth', op: 'gte', value: 3 } },
 *   } })
 */
import { z } from 'zod';
import { contains, type Condition, type ParamDef } from './distributions.ts';
import type { ParamValue, Params } from './types.ts';

export type Space = { readonly params: readonly ParamDef[] };

export class SpaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpaceError';
  }
}

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const when = z.strictObject({ param: z.string().min(1), op: z.enum(['gt', 'gte', 'eq', 'in']), value: z.union([scalar, z.array(scalar)]) });
const paramSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('float'), low: z.number(), high: z.number(), log: z.boolean().optional(), when: when.optional() }),
  z.strictObject({
    kind: z.literal('int'), low: z.number().int(), high: z.number().int(), step: z.number().int().positive().optional(),
    log: z.boolean().optional(), when: when.optional(),
  }),
  z.strictObject({ kind: z.literal('categorical'), choices: z.array(scalar).min(1), when: when.optional() }),
  z.strictObject({ kind: z.literal('fixed'), value: scalar, when: when.optional() }),
]);
export const spaceSchema = z.strictObject({ params: z.record(z.string().regex(/^[A-Za-z_][\w.\-/]*$/, 'bad param name'), paramSchema) });
export type SpaceJson = z.input<typeof spaceSchema>;

type Parsed = z.infer<typeof paramSchema>;

function toDef(name: string, p: Parsed): ParamDef {
  const fail = (why: string) => {
    throw new SpaceError(`param '${name}': ${why}`);
  };
  const base = p.when ? { name, when: p.when as Condition } : { name };
  switch (p.kind) {
    case 'float':
      if (!Number.isFinite(p.low) || !Number.isFinite(p.high)) fail('low and high must be finite');
      if (!(p.low < p.high)) fail(`low must be < high (got ${p.low} and ${p.high}); use kind 'fixed' for one value`);
      if (p.log && p.low <= 0) fail('log scale needs low > 0');
      return { ...base, kind: 'float', low: p.low, high: p.high, log: p.log ?? false };
    case 'int': {
      if (p.low > p.high) fail(`low must be <= high (got ${p.low} and ${p.high})`);
      if (p.log && p.low < 1) fail('log scale needs low >= 1');
      if (p.log && (p.step ?? 1) !== 1) fail('log scale cannot have a step other than 1');
      return { ...base, kind: 'int', low: p.low, high: p.high, step: p.step ?? 1, log: p.log ?? false };
    }
    case 'categorical': {
      const keys = p.choices.map((c) => `${typeof c}:${String(c)}`);
      if (new Set(keys).size !== keys.length) fail('choices must be distinct');
      return { ...base, kind: 'categorical', choices: p.choices };
    }
    case 'fixed':
      return { ...base, kind: 'fixed', value: p.value };
  }
}

function checkCondition(def: ParamDef, byName: Map<string, ParamDef>): void {
  const c = def.when;
  if (!c) return;
  const where = `param '${def.name}'`;
  const parent = byName.get(c.param);
  if (!parent) throw new SpaceError(`${where} depends on unknown param '${c.param}'`);
  if (c.param === def.name) throw new SpaceError(`${where} depends on itself`);
  const wanted = Array.isArray(c.value) ? c.value : [c.value];
  if (c.op === 'in' && !Array.isArray(c.value)) throw new SpaceError(`${where}: op 'in' needs a list of values`);
  if (c.op !== 'in' && Array.isArray(c.value)) throw new SpaceError(`${where}: op '${c.op}' needs a single value`);
  if ((c.op === 'gt' || c.op === 'gte') && typeof c.value !== 'number') throw new SpaceError(`${where}: op '${c.op}' needs a number`);
  if ((c.op === 'eq' || c.op === 'in') && !wanted.some((v) => contains(parent, v)))
    throw new SpaceError(`${where}: condition on '${c.param}' can never hold (value not in its domain)`);
}

/** Parents first (depth-first over `when` links), otherwise in the order given; throws on a cycle. */
function topoOrder(defs: ParamDef[], byName: Map<string, ParamDef>): ParamDef[] {
  const out: ParamDef[] = [];
  const mark = new Map<string, 'visiting' | 'done'>();
  const visit = (d: ParamDef, path: string[]) => {
    const m = mark.get(d.name);
    if (m === 'done') return;
    if (m === 'visiting') throw new SpaceError(`conditions form a cycle: ${[...path, d.name].join(' -> ')}`);
    mark.set(d.name, 'visiting');
    if (d.when) visit(byName.get(d.when.param)!, [...path, d.name]);
    mark.set(d.name, 'done');
    out.push(d);
  };
  for (const d of defs) visit(d, []);
  return out;
}

/** Parses and checks a search space; throws SpaceError with a message meant for people. */
export function validateSpace(json: unknown): Space {
  const parsed = spaceSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'space'}: ${i.message}`).join('; ');
    throw new SpaceError(`invalid search space: ${why}`);
  }
  const defs = Object.entries(parsed.data.params).map(([name, p]) => toDef(name, p));
  if (defs.length === 0) throw new SpaceError('search space has no params');
  const byName = new Map(defs.map((d) => [d.name, d]));
  for (const d of defs) checkCondition(d, byName);
  return { params: topoOrder(defs, byName) };
}

export function conditionHolds(c: Condition, parentValue: ParamValue | undefined): boolean {
  if (parentValue === undefined) return false;
  switch (c.op) {
    case 'eq':
      return parentValue === c.value;
    case 'in':
      return (c.value as readonly ParamValue[]).some((v) => v === parentValue);
    case 'gt':
      return typeof parentValue === 'number' && parentValue > (c.value as number);
    case 'gte':
      return typeof parentValue === 'number' && parentValue >= (c.value as number);
  }
}

/**
 * Params known to be active given the values chosen so far, parents first.
 * A param is active when it has no condition, or when its parent is active,
 * has a value, and the condition holds; a param whose parent has no value
 * yet is left out (call again once it has one). Walking in the space's
 * order settles each parent before its children.
 */
export function activeParams(space: Space, partial: Readonly<Params>): ParamDef[] {
  const active = new Set<string>();
  const out: ParamDef[] = [];
  for (const d of space.params) {
    if (d.when && !(active.has(d.when.param) && conditionHolds(d.when, partial[d.when.param]))) continue;
    active.add(d.name);
    out.push(d);
  }
  return out;
}

/** Problems with a full set of params (empty when they fit the space): used by tests and by `ask`. */
export function checkParams(space: Space, params: Readonly<Params>): string[] {
  const problems: string[] = [];
  const active = new Set(activeParams(space, params).map((d) => d.name));
  for (const d of space.params) {
    const has = Object.hasOwn(params, d.name);
    if (active.has(d.name) && !has) problems.push(`param '${d.name}' is active but missing`);
    if (!active.has(d.name) && has) problems.push(`param '${d.name}' is inactive but present`);
    if (active.has(d.name) && has && !contains(d, params[d.name])) problems.push(`param '${d.name}': ${JSON.stringify(params[d.name])} is outside its domain`);
  }
  for (const k of Object.keys(params)) if (!space.params.some((d) => d.name === k)) problems.push(`unknown param '${k}'`);
  return problems;
}

export const getParam = (space: Space, name: string): ParamDef | undefined => space.params.find((d) => d.name === name);
