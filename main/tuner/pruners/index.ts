/** Pruners from a validated JSON config, as a study stores it. */
import { z } from 'zod';
import type { Pruner } from '../types.ts';
import { HyperbandPruner } from './hyperband.ts';
import { MedianPruner } from './median.ts';
import { NopPruner } from './nop.ts';
import { PercentilePruner } from './percentile.ts';
import { SuccessiveHalvingPruner } from './successive-halving.ts';

/** A step is an epoch or a reported step (studies.report): far past any training length. */
const MAX_STEP = 1_000_000;
/** Trial counts past StudyConfig's nTrials limit would never be reached. */
const MAX_TRIALS = 100_000;
const trials = z.number().int().min(0).max(MAX_TRIALS);
const steps = z.number().int().min(0).max(MAX_STEP);
const resource = z.number().min(1).max(MAX_STEP);
/** η: 2 halves the field at each rung; past 100 a single rung decides everything. */
const reductionFactor = z.number().min(2).max(100);
const thresholds = { nStartupTrials: trials.optional(), nWarmupSteps: steps.optional(), intervalSteps: steps.min(1).optional(), nMinTrials: trials.optional() };
/**
 * Each pruner's options, strict (an unknown name is refused, naming it) and
 * with explicit ranges, checked when a study is created or changed.
 */
export const prunerConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('nop') }),
  z.strictObject({ kind: z.literal('median'), ...thresholds }),
  z.strictObject({ kind: z.literal('percentile'), percentile: z.number().min(0).max(100), ...thresholds }),
  z.strictObject({
    kind: z.literal('successive-halving'), minResource: resource.optional(), reductionFactor: reductionFactor.optional(),
    /** Rungs skipped at the start: past 64 halvings no rung is ever reached. */
    minEarlyStoppingRate: z.number().int().min(0).max(64).optional(), maxResource: resource.optional(), bootstrapCount: trials.optional(),
  }),
  z.strictObject({ kind: z.literal('hyperband'), minResource: resource.optional(), maxResource: resource, reductionFactor: reductionFactor.optional() })
    .refine((c) => c.maxResource > (c.minResource ?? 1), { path: ['maxResource'], message: 'must be more than minResource (default 1)' }),
]);
export type PrunerConfig = z.infer<typeof prunerConfigSchema>;

export function createPruner(config: unknown): Pruner {
  const c = prunerConfigSchema.parse(config);
  switch (c.kind) {
    case 'nop': return new NopPruner();
    case 'median': return new MedianPruner(c);
    case 'percentile': return new PercentilePruner(c);
    case 'successive-halving': return new SuccessiveHalvingPruner(c);
    case 'hyperband': return new HyperbandPruner(c);
  }
}
