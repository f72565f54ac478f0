/**
 * From a training trial's params to the RunConfig it trains, and the check at
 * study creation that sampled param sets give runs that build on the dataset:
 * a space that can produce an unbuildable model is caught before any training.
 */
import { ApiError } from '../api/errors.ts';
import { describeZodError } from '../api/dispatch.ts';
import { RunConfig, type DatasetMeta } from '../api/schemas.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import { randomParams } from '../tuner/samplers/random.ts';
import type { Space } from '../tuner/space.ts';
import type { Params } from '../tuner/types.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import type { StudyConfig } from './config.ts';
import { configFromParams } from './params-to-config.ts';

/** Every trial trains with the study's seed: one data split and comparable runs, only the params differ. */
export function trialRunConfig(config: StudyConfig, datasetId: string, params: Params, name: string): RunConfig {
  const { spec, hyperparams } = configFromParams({ spec: config.base?.spec ?? { layers: [] }, hyperparams: config.base?.hyperparams }, params);
  const parsed = RunConfig.safeParse({ datasetId, spec, hyperparams, seed: config.seed, name });
  if (!parsed.success) {
    throw new ApiError('invalid_argument', `params ${JSON.stringify(params)} give an invalid run config: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

/** Throws when one of `samples` seeded random param sets gives a run config that is invalid or cannot build on the dataset. */
export function checkTrialConfigs(config: StudyConfig, space: Space, dataset: DatasetMeta, samples = 8): void {
  const rng = createRng(deriveSeed(config.seed, 'study.check'));
  const outputUnits = outputUnitsFor(dataset.task, dataset.classes);
  for (let i = 0; i < samples; i++) {
    const params = randomParams(space, rng);
    const run = trialRunConfig(config, dataset.id, params, 'check');
    if (run.spec.layers.length === 0 && dataset.inputShape.length > 1)
      throw new ApiError('invalid_argument', `params ${JSON.stringify(params)} give a model with no layers for image input ${JSON.stringify(dataset.inputShape)}; add a flatten layer or conv_depth`);
    const count = analyseSpec(run.spec, dataset.inputShape, outputUnits);
    if (!count.ok) {
      throw new ApiError('invalid_argument', `params ${JSON.stringify(params)} give a model that cannot be built on '${dataset.name}' (input ${JSON.stringify(dataset.inputShape)}): ${count.error}`);
    }
  }
}
