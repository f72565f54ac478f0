/**
 * Seeded malformed API arguments for the boundary fuzz test: junk values of every
 * kind a socket (JSON) or IPC (structured clone) can deliver, and mutations of a
 * valid argument at a random place, so validation is exercised below the top level.
 */
import type { Rng } from '../../../main/util/rng.ts';

const HUGE = 'x'.repeat(2 * 1024 * 1024);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)];

/** An object with an own `__proto__` (or `constructor`) key, as JSON.parse makes one. */
export function withOwnKey(key: string, value: unknown, base: Record<string, unknown> = {}): Record<string, unknown> {
  const o = { ...base };
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

const SCALARS: readonly (() => unknown)[] = [
  () => null, () => undefined, () => true, () => false,
  () => 0, () => -0, () => -1, () => 1.5, () => 1e308, () => -1e308, () => 2 ** 53 + 1,
  () => Number.NaN, () => Number.POSITIVE_INFINITY, () => Number.NEGATIVE_INFINITY, () => 10n,
  () => '', () => ' ', () => 'x', () => '\u0000', () => '../../../etc/passwd', () => '__proto__', () => 'constructor',
  () => '\ud800', () => '🦊'.repeat(50), () => HUGE, () => '1e999', () => 'NaN',
];

/** Any value, scalar or not, up to `budget` levels of structure. */
export function junk(rng: Rng, budget = 3): unknown {
  const r = rng.next();
  if (r < 0.5 || budget <= 0) return pick(rng, SCALARS)();
  const kinds: (() => unknown)[] = [
    () => Array.from({ length: rng.int(4) }, () => junk(rng, budget - 1)),
    () => Object.fromEntries(Array.from({ length: rng.int(4) }, () => [pick(rng, ['a', 'id', 'name', 'layers', 'kind', 'toString', 'valueOf']), junk(rng, budget - 1)])),
    () => withOwnKey('__proto__', { polluted: true, isAdmin: true }),
    () => withOwnKey('constructor', { prototype: { polluted: true } }),
    () => Object.assign(Object.create(null), { a: 1 }),
    () => deep(200 + rng.int(5000)),
    () => new Date(0),
    () => new Map([['a', 1]]),
    () => new Set([1]),
    () => new Uint8Array([1, 2, 3]),
    () => Array.from({ length: 100_000 }, () => 0),
  ];
  return pick(rng, kinds)();
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** A random container inside `root` (root included) and one of its keys, if it has any. */
function randomSpot(rng: Rng, root: Container): { parent: Container; key: string | number | null } {
  let parent = root;
  for (;;) {
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0) return { parent, key: null };
    const key = pick(rng, keys);
    const child = (parent as Record<string | number, unknown>)[key];
    if (!isContainer(child) || rng.next() < 0.35) return { parent, key };
    parent = child;
  }
}

/** A copy of a valid argument, broken at one random place in one random way. */
export function mutate(rng: Rng, valid: Record<string, unknown>): unknown {
  const root = structuredClone(valid);
  const { parent, key } = randomSpot(rng, root);
  const obj = parent as Record<string | number, unknown>;
  const op = rng.int(8);
  if (key === null || op === 0) {
    // An unknown field (or one named like a prototype key) next to the known ones.
    if (Array.isArray(parent)) parent.push(junk(rng));
    else Object.defineProperty(parent, pick(rng, ['extra', '__proto__', 'constructor', 'prototype']), { value: junk(rng), enumerable: true, writable: true, configurable: true });
  } else if (op === 1) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete obj[key];
  } else if (op === 2) {
    obj[key] = [obj[key]];
  } else if (op === 3) {
    obj[key] = { value: obj[key] };
  } else if (op === 4) {
    obj[key] = deep(70 + rng.int(200));
  } else if (op === 5) {
    // Strings where strings go: empty, huge, NUL, lone surrogate, path tricks.
    obj[key] = pick(rng, ['', ' ', HUGE, '\u0000', '\ud800', '../../../etc/passwd', '__proto__', 'a'.repeat(4097)]);
  } else {
    obj[key] = junk(rng);
  }
  return root;
}

/** Whole arguments that are not even objects of the right shape. */
export function junkArgument(rng: Rng): unknown {
  return pick(rng, [() => junk(rng), () => [], () => [{}], () => 'params', () => withOwnKey('__proto__', { runId: 'x' }), () => deep(100_000)])();
}

/** A valid setting of every sampler kind, with options small enough that a few trials pass their start-up. */
export const SAMPLER_SETTINGS: readonly Record<string, unknown>[] = [
  { kind: 'random', options: {} },
  { kind: 'grid', options: { pointsPerContinuous: 3 } },
  { kind: 'tpe', options: { nStartupTrials: 1, nCandidates: 8, gamma: 0.5 } },
  { kind: 'gp', options: { nStartupTrials: 2, nRandom: 20, nNearBest: 5, nLocal: 1, localSteps: 2 } },
  { kind: 'genetic', options: { populationSize: 2, tournamentSize: 2, crossover: 'uniform' } },
  { kind: 'nsga2', options: { populationSize: 2, mutationProb: 0.5, mutationSigma: 0.2 } },
];

/** A valid setting of every pruner kind. */
export const PRUNER_SETTINGS: readonly Record<string, unknown>[] = [
  { kind: 'none' },
  { kind: 'median', nStartupTrials: 1, nWarmupSteps: 0 },
  { kind: 'percentile', percentile: 25, nStartupTrials: 1, intervalSteps: 1 },
  { kind: 'successive-halving', minResource: 1, reductionFactor: 2 },
  { kind: 'asha', minResource: 1, reductionFactor: 3, bootstrapCount: 1 },
  { kind: 'hyperband', minResource: 1, maxResource: 9, reductionFactor: 3 },
];

/** Numbers (and non-numbers) at the edges of any option's range. */
const EDGES: readonly unknown[] = [0, -0, -1, 1, 0.5, 1.5, 2, 1e9, 1e308, -1e308, 2 ** 53 + 1, 1e-300, null, true, 'x', [], {}];

type StudySetting = { sampler: Record<string, unknown>; pruner: Record<string, unknown> };

/**
 * Study settings ({ sampler, pruner }) of every kind pair as they are, then,
 * for every option of every sampler and pruner (and an unknown one), that
 * option set to `perOption` edge values drawn from EDGES.
 */
export function optionCases(rng: Rng, perOption: number): StudySetting[] {
  const cases: StudySetting[] = [];
  for (const sampler of SAMPLER_SETTINGS) for (const pruner of PRUNER_SETTINGS) cases.push({ sampler, pruner });
  const edited = (setting: StudySetting, inSampler: boolean, key: string): void => {
    for (let k = 0; k < perOption; k++) {
      const out = structuredClone(setting);
      (inSampler ? (out.sampler.options as Record<string, unknown>) : out.pruner)[key] = pick(rng, EDGES);
      cases.push(out);
    }
  };
  SAMPLER_SETTINGS.forEach((sampler, i) => {
    const setting = { sampler, pruner: PRUNER_SETTINGS[i % PRUNER_SETTINGS.length] };
    for (const key of [...Object.keys(sampler.options as object), 'extra']) edited(setting, true, key);
  });
  PRUNER_SETTINGS.forEach((pruner, i) => {
    const setting = { sampler: SAMPLER_SETTINGS[i % SAMPLER_SETTINGS.length], pruner };
    for (const key of [...Object.keys(pruner).filter((k) => k !== 'kind'), 'extra']) edited(setting, false, key);
  });
  return cases;
}
