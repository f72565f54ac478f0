/** Pruners from a validated JSON config, as a study stores it. */
import { z } from 'zod';
import type { Pruner } from '../types.ts';
import { HyperbandPruner } from './hyperband.ts';
import { MedianPruner } from './median.ts';
import { NopPruner } from './nop.ts';
import { PercentilePruner } from './percentile.ts';
import { SuccessiveHalvingPruner } from './successive-halving.ts';

const count = z.number().int().nonnegative();
const thresholds = { nStartupTrials: count.optional(), nWarmupSteps: count.optional(), intervalSteps: z.number().int().positive().optional(), nMinTrials: count.optional() };
export const prunerConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('nop') }),
  z.strictObject({ kind: z.literal('median'), ...thresholds }),
  z.strictObject({ kind: z.literal('percentile'), percentile: z.number().min(0).max(100), ...thresholds }),
  z.strictObject({
    kind: z.literal('successive-halving'), minResource: z.number().positive().optional(), reductionFactor: z.number().min(2).optional(),
    minEarlyStoppingRate: count.optional(), maxResource: z.number().positive().optional(), bootstrapCount: count.optional(),
  }),
  z.strictObject({ kind: z.literal('hyperband'), minResource: z.number().positive().optional(), maxResource: z.number().positive(), reductionFactor: z.number().min(2).optional() }),
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
