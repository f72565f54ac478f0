/** Samplers by name (their options checked by options.ts), and rebuilding one from its saved JSON state (for resuming a study). */
import { z } from 'zod';
import { ApiError, describeZodError } from '../../api/errors.ts';
import type { Sampler, SamplerState } from '../types.ts';
import { GeneticSampler } from './genetic.ts';
import { GpSampler } from './gp/sampler.ts';
import { GridSampler } from './grid.ts';
import { Nsga2Sampler } from './nsga2/sampler.ts';
import { SAMPLER_OPTIONS } from './options.ts';
import { RandomSampler } from './random.ts';
import { TpeSampler } from './tpe/sampler.ts';

export const SAMPLER_NAMES = ['random', 'grid', 'tpe', 'gp', 'genetic', 'nsga2'] as const;
export type SamplerName = (typeof SAMPLER_NAMES)[number];

const stateSchema = z.object({ name: z.enum(SAMPLER_NAMES), version: z.literal(1), options: z.record(z.string(), z.unknown()) });

/**
 * A sampler with its options, which must match its schema (options.ts):
 * ApiError('invalid_argument') naming the option otherwise.
 */
export function createSampler(name: SamplerName, options: Record<string, unknown> = {}): Sampler {
  switch (name) {
    case 'random':
      checkOptions('random', options);
      return new RandomSampler();
    case 'grid': return new GridSampler(checkOptions('grid', options));
    case 'tpe': return new TpeSampler(checkOptions('tpe', options));
    case 'gp': return new GpSampler(checkOptions('gp', options));
    case 'genetic': return new GeneticSampler(checkOptions('genetic', options));
    case 'nsga2': return new Nsga2Sampler(checkOptions('nsga2', options));
  }
}

function checkOptions<N extends SamplerName>(name: N, options: unknown): z.infer<(typeof SAMPLER_OPTIONS)[N]> {
  const parsed = SAMPLER_OPTIONS[name].safeParse(options);
  if (!parsed.success) throw new ApiError('invalid_argument', `sampler '${name}': ${describeZodError(parsed.error, 'options')}`);
  return parsed.data as z.infer<(typeof SAMPLER_OPTIONS)[N]>;
}

export function restoreSampler(state: unknown): Sampler {
  const parsed = stateSchema.safeParse(state);
  if (!parsed.success) throw new Error(`invalid sampler state: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const s = parsed.data as SamplerState & { name: SamplerName };
  // Checked like new options: a state saved before the schemas existed may hold a bad one.
  const sampler = createSampler(s.name, s.options);
  sampler.setState(s);
  return sampler;
}
