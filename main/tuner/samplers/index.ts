/** Samplers by name, and rebuilding one from its saved JSON state (for resuming a study). */
import { z } from 'zod';
import type { Sampler, SamplerState } from '../types.ts';
import { GeneticSampler } from './genetic.ts';
import { GpSampler } from './gp/sampler.ts';
import { GridSampler } from './grid.ts';
import { Nsga2Sampler } from './nsga2/sampler.ts';
import { RandomSampler } from './random.ts';
import { TpeSampler } from './tpe/sampler.ts';

export const SAMPLER_NAMES = ['random', 'grid', 'tpe', 'gp', 'genetic', 'nsga2'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

const stateSchema = z.object({ name: z.enum(SAMPLER_NAMES), version: z.literal(1), options: z.record(z.string(), z.unknown()) });

export function createSampler(name: SamplerName, options: Record<string, unknown> = {}): Sampler {
  switch (name) {
    case 'random': return new RandomSampler();
    case 'grid': return new GridSampler(options);
    case 'tpe': return new TpeSampler(options);
    case 'gp': return new GpSampler(options);
    case 'genetic': return new GeneticSampler(options);
    case 'nsga2': return new Nsga2Sampler(options);
  }
}

export function restoreSampler(state: unknown): Sampler {
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) throw new Error(`invalid sampler state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s = parsed.data as SamplerState & { name: SamplerName };
  const sampler = createSampler(s.name);
  sampler.setState(s);
  return sampler;
}
