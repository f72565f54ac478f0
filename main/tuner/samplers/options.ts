/**
 * The options each sampler accepts, as strict zod schemas with explicit ranges.
 * A study's `sampler: { kind, options }` is parsed here when the study is created
 * or changed, so an option out of range (a population of 0) or one no sampler
 * knows (a typo) is refused up front, naming it, instead of failing in a later
 * `ask`. Every option is optional: a sampler fills the rest from its defaults.
 *
 * The upper bounds that cap work per suggestion are limits (main/limits.ts);
 * the other ranges are where each option means something.
 */
import { z } from 'zod';
import { MAX_GP_TRIALS, MAX_SAMPLER_CANDIDATES, MAX_SAMPLER_POPULATION } from '../../limits.ts';

const count = (min: number, max: number) => z.number().int().min(min).max(max);
/** Trials drawn at random before a model is fitted; more than any study's trials means "random". */
const startupTrials = count(0, 100_000);
const fraction = z.number().min(0).max(1);

const variation = {
  crossover: z.enum(['uniform', 'blend']),
  /** BLX-α: 0 keeps children between their parents; past 1 a child mostly lands outside them. */
  blendAlpha: fraction,
  /** null: 1 / (number of params). */
  mutationProb: fraction.nullable(),
  /** In unit-interval units: past 1 a mutation is a uniform redraw clamped to the edges. */
  mutationSigma: z.number().gt(0).max(1),
};

const paramValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const SAMPLER_OPTIONS = {
  random: z.strictObject({}),
  grid: z.strictObject({
    /** Explicit points per param name. */
    grid: z.record(z.string().min(1).max(200), z.array(paramValue).min(1).max(MAX_SAMPLER_CANDIDATES)),
    /** Evenly spaced points for continuous params; null: floats need explicit points. */
    pointsPerContinuous: count(1, MAX_SAMPLER_CANDIDATES).nullable(),
  }).partial(),
  tpe: z.strictObject({
    nStartupTrials: startupTrials,
    nCandidates: count(1, MAX_SAMPLER_CANDIDATES),
    /** The fraction of finished trials counted as good. */
    gamma: z.number().gt(0).max(1),
    gammaMax: count(1, 100_000),
    /** The prior kernel's weight, relative to one observation. */
    priorWeight: z.number().gt(0).max(1000),
    /** Kernel widths in unit-interval units. */
    bandwidth: z.number().gt(0).max(1),
    minBandwidth: z.number().gt(0).max(1),
    constantLiar: z.boolean(),
  }).partial(),
  gp: z.strictObject({
    nStartupTrials: startupTrials,
    /** Trials the model is fitted on (the best ones); the fit costs their number cubed. */
    maxTrials: count(2, MAX_GP_TRIALS),
    pendingPoints: z.boolean(),
    /** Candidates scored per suggestion: random ones, ones near the best, and local searches from the best. */
    nRandom: count(1, MAX_SAMPLER_CANDIDATES),
    nNearBest: count(0, MAX_SAMPLER_CANDIDATES),
    nLocal: count(0, 100),
    localSteps: count(0, 1000),
  }).partial(),
  genetic: z.strictObject({
    ...variation,
    /** At least two parents; until that many trials complete, trials are random. */
    populationSize: count(2, MAX_SAMPLER_POPULATION),
    tournamentSize: count(1, 100),
  }).partial(),
  nsga2: z.strictObject({ ...variation, populationSize: count(2, MAX_SAMPLER_POPULATION) }).partial(),
} as const;

export type SamplerOptionsName = keyof typeof SAMPLER_OPTIONS;
export type SamplerOptions<N extends SamplerOptionsName> = z.infer<(typeof SAMPLER_OPTIONS)[N]>;
