/**
 * The four kinds of parameter and the maths that maps them to and from the
 * internal representation samplers work in: the unit interval [0, 1] for
 * floats and ints (log-scaled when asked), an index for categoricals.
 */
import type { ParamValue } from './types.ts';

export type ConditionOp = 'gt' | 'gte' | 'eq' | 'in';
export type Condition = { readonly param: string; readonly op: ConditionOp; readonly value: ParamValue | readonly ParamValue[] };

type Common = { readonly name: string; readonly when?: Condition };
export type FloatParam = Common & { readonly kind: 'float'; readonly low: number; readonly high: number; readonly log: boolean };
export type IntParam = Common & { readonly kind: 'int'; readonly low: number; readonly high: number; readonly step: number; readonly log: boolean };
export type CategoricalParam = Common & { readonly kind: 'categorical'; readonly choices: readonly ParamValue[] };
export type FixedParam = Common & { readonly kind: 'fixed'; readonly value: ParamValue };
export type ParamDef = FloatParam | IntParam | CategoricalParam | FixedParam;
export type NumericParam = FloatParam | IntParam;

export const isNumeric = (def: ParamDef): def is NumericParam => def.kind === 'float' || def.kind === 'int';

/** Largest value an int param can take: low + k·step ≤ high. */
export const intTop = (def: IntParam): number => def.low + Math.floor((def.high - def.low) / def.step) * def.step;

/**
 * Bounds of the continuous range that the unit interval covers. Ints are padded
 * by half a step (or to ±0.5 in log space) so that every integer owns a bin of
 * equal width after rounding, and the end values are not half as likely.
 */
function span(def: NumericParam): [number, number] {
  if (def.kind === 'float') return def.log ? [Math.log(def.low), Math.log(def.high)] : [def.low, def.high];
  const top = intTop(def);
  if (def.log) return [Math.log(def.low - 0.5), Math.log(top + 0.5)];
  return [def.low - def.step / 2, top + def.step / 2];
}

export function toUnit(def: NumericParam, value: number): number {
  const [a, b] = span(def);
  const x = def.log ? Math.log(value) : value;
  return b === a ? 0.5 : Math.min(1, Math.max(0, (x - a) / (b - a)));
}

/** Inverse of toUnit, snapped onto the param's domain (ints rounded to the step, clamped to bounds). */
export function fromUnit(def: NumericParam, u: number): number {
  const [a, b] = span(def);
  const t = Math.min(1, Math.max(0, u));
  let x = a + t * (b - a);
  if (def.log) x = Math.exp(x);
  if (def.kind === 'float') return Math.min(def.high, Math.max(def.low, x));
  const k = Math.round((x - def.low) / def.step);
  return Math.min(intTop(def), Math.max(def.low, def.low + k * def.step));
}

/** Unit-interval bin [lo, hi] that rounds to the int `value`; samplers use it for probability masses. */
export function unitBin(def: IntParam, value: number): [number, number] {
  const [a, b] = span(def);
  const lo = def.log ? Math.log(Math.max(value - 0.5, def.low - 0.5)) : value - def.step / 2;
  const hi = def.log ? Math.log(value + 0.5) : value + def.step / 2;
  return [Math.max(0, (lo - a) / (b - a)), Math.min(1, (hi - a) / (b - a))];
}

/** Number of distinct values, Infinity for floats. */
export function cardinality(def: ParamDef): number {
  if (def.kind === 'float') return Infinity;
  if (def.kind === 'int') return (intTop(def) - def.low) / def.step + 1;
  if (def.kind === 'categorical') return def.choices.length;
  return 1;
}

/** Index of `value` among the choices, -1 when absent. Strict equality: 1 and '1' are different choices. */
export const choiceIndex = (def: CategoricalParam, value: ParamValue | undefined): number =>
  value === undefined ? -1 : def.choices.findIndex((c) => Object.is(c, value) || c === value);

export function contains(def: ParamDef, value: ParamValue | undefined): boolean {
  switch (def.kind) {
    case 'fixed':
      return Object.is(value, def.value) || value === def.value;
    case 'categorical':
      return choiceIndex(def, value) >= 0;
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) && value >= def.low && value <= def.high;
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < def.low || value > def.high) return false;
      const k = (value - def.low) / def.step;
      return Math.abs(k - Math.round(k)) < 1e-9;
    }
  }
}

/** Internal coordinate of a value: unit position for floats and ints, choice index for categoricals. */
export function encodeValue(def: NumericParam | CategoricalParam, value: ParamValue): number {
  return def.kind === 'categorical' ? choiceIndex(def, value) : toUnit(def, value as number);
}

export function decodeValue(def: NumericParam | CategoricalParam, x: number): ParamValue {
  return def.kind === 'categorical' ? def.choices[Math.min(def.choices.length - 1, Math.max(0, Math.round(x)))] : fromUnit(def, x);
}
