/**
 * Exhaustive grid: the cartesian product of every param's grid points,
 * projected onto the params each combination actually activates (so
 * `units_3` only varies where depth > 3) and de-duplicated. Trial n starts
 * at combination n mod N and takes the first one no trial has used yet, so
 * concurrent workers (different numbers) start apart; once all are used it
 * cycles deterministically.
 */
import { cardinality, contains, fromUnit, intTop, type ParamDef } from '../distributions.ts';
import { activeParams, type Space } from '../space.ts';
import type { FrozenTrial, ParamValue, Params, SampleContext, Sampler, SamplerState } from '../types.ts';

export type GridOptions = {
  /** Explicit points per param (required for floats unless pointsPerContinuous is set). */
  grid: Record<string, ParamValue[]>;
  /** Evenly spaced points (log-spaced for log params) for floats and for ints with more values than this. */
  pointsPerContinuous: number | null;
};
const MAX_COMBINATIONS = 100_000;

export function gridPoints(def: ParamDef, o: GridOptions): ParamValue[] {
  const given = o.grid[def.name];
  if (given) {
    const bad = given.find((v) => !contains(def, v));
    if (bad !== undefined) throw new Error(`grid point ${JSON.stringify(bad)} is outside param '${def.name}'`);
    return [...new Set(given)];
  }
  if (def.kind === 'fixed') return [def.value];
  if (def.kind === 'categorical') return [...def.choices];
  const n = o.pointsPerContinuous;
  if (def.kind === 'int' && (n === null || cardinality(def) <= n))
    return Array.from({ length: cardinality(def) }, (_, k) => def.low + k * def.step);
  if (n === null) throw new Error(`param '${def.name}' is continuous: give it grid points or set pointsPerContinuous`);
  if (def.kind === 'int') {
    // Spread n points over [low, top] (log-aware), rounded onto the step.
    const top = intTop(def);
    const pts = Array.from({ length: n }, (_, k) => {
      const t = n === 1 ? 0.5 : k / (n - 1);
      const x = def.log ? Math.exp(Math.log(def.low) + t * (Math.log(top) - Math.log(def.low))) : def.low + t * (top - def.low);
      return def.low + Math.round((x - def.low) / def.step) * def.step;
    });
    return [...new Set(pts)];
  }
  // 12 significant digits: log spacing of 1e-3..1e-1 should give 0.01, not 0.010000000000000005.
  return Array.from({ length: n }, (_, k) => Math.min(def.high, Math.max(def.low, Number(fromUnit(def, n === 1 ? 0.5 : k / (n - 1)).toPrecision(12)))));
}

const key = (p: Readonly<Params>): string => JSON.stringify(Object.keys(p).sort().map((k) => [k, p[k]]));

/** Every distinct active-param combination, in a fixed order (odometer over the space's param order). */
export function gridCombinations(space: Space, o: GridOptions): Params[] {
  const axes = space.params.map((d) => gridPoints(d, o));
  const total = axes.reduce((n, a) => n * a.length, 1);
  if (total > MAX_COMBINATIONS) throw new Error(`grid has ${total} combinations (more than ${MAX_COMBINATIONS}); give fewer points`);
  const seen = new Set<string>();
  const out: Params[] = [];
  for (let i = 0; i < total; i++) {
    const full: Params = {};
    let rest = i;
    for (let d = space.params.length - 1; d >= 0; d--) {
      full[space.params[d].name] = axes[d][rest % axes[d].length];
      rest = Math.floor(rest / axes[d].length);
    }
    const picked: Params = {};
    // activeParams is evaluated on the growing projection so only active parents can switch children on.
    for (const d of space.params) if (activeParams(space, picked).some((a) => a.name === d.name)) picked[d.name] = full[d.name];
    const k = key(picked);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(picked);
    }
  }
  return out;
}

export class GridSampler implements Sampler {
  readonly name = 'grid';
  private options: GridOptions;
  constructor(options: Partial<GridOptions> = {}) {
    this.options = { grid: options.grid ?? {}, pointsPerContinuous: options.pointsPerContinuous ?? null };
  }

  // Enumerating is the costly part; a study asks many times with the same space object.
  private cache = new WeakMap<Space, Params[]>();
  private combinations(space: Space): Params[] {
    let combos = this.cache.get(space);
    if (!combos) this.cache.set(space, (combos = gridCombinations(space, this.options)));
    return combos;
  }

  sample(space: Space, history: readonly FrozenTrial[], ctx: SampleContext): Params {
    const combos = this.combinations(space);
    // Every trial counts as "used", running ones included, so parallel workers do not repeat each other.
    const used = new Set(history.map((t) => key(t.params)));
    const start = ctx.trialNumber % combos.length;
    for (let k = 0; k < combos.length; k++) {
      const c = combos[(start + k) % combos.length];
      if (!used.has(key(c))) return { ...c };
    }
    return { ...combos[start] };
  }

  /** True once every combination has been used by some trial. */
  isExhausted(space: Space, history: readonly FrozenTrial[]): boolean {
    const used = new Set(history.map((t) => key(t.params)));
    return this.combinations(space).every((c) => used.has(key(c)));
  }

  getState(): SamplerState {
    return { name: this.name, version: 1, options: { grid: this.options.grid, pointsPerContinuous: this.options.pointsPerContinuous } };
  }
  setState(state: SamplerState): void {
    const o = state.options as Partial<GridOptions>;
    this.options = { grid: o.grid ?? {}, pointsPerContinuous: o.pointsPerContinuous ?? null };
    this.cache = new WeakMap();
  }
}
