/**
 * Ensemble members trained on a random subset of the features (bagging's
 * random subspaces: TrainRows.featureMask) saw every other feature as 0 after
 * preprocessing, in training and in evaluation (main/train/trainer.ts). The
 * run lifecycle keeps the mask in rows.json beside the member's model. An
 * explanation of such a run puts the mask inside the model function, between
 * preprocessing and the network, so that the explainer's predictions are the
 * ones the run was trained and scored with, and no method can credit a
 * feature the member never saw (its attribution is 0: the masked model does
 * not depend on it, and its gradient there is 0).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { DifferentiableModel } from './types.ts';

/** rows.json's feature mask (1 = seen, 0 = set to 0), or null when the run has none; refuses a mask that does not fit `features`. */
export function readFeatureMask(runDir: string, features: number): Uint8Array | null {
  const path = join(runDir, 'rows.json');
  if (!existsSync(path)) return null;
  let rows: { featureMask?: unknown };
  try {
    rows = JSON.parse(readFileSync(path, 'utf8')) as { featureMask?: unknown };
  } catch {
    throw new ApiError('bad_data', `The rows.json at ${runDir} is not valid JSON.`);
  }
  const mask = rows?.featureMask;
  if (mask === undefined || mask === null) return null;
  if (!Array.isArray(mask) || mask.length !== features || !mask.every((v) => v === 0 || v === 1) || !mask.includes(1)) {
    throw new ApiError('bad_data', `The feature mask in ${path} is not ${features} zeros and ones with at least one 1.`);
  }
  return Uint8Array.from(mask as number[]);
}

/** The model as the member runs it: masked features zeroed on the way in (and so with zero gradient). */
export function withFeatureMask(model: DifferentiableModel, mask: Uint8Array | null): DifferentiableModel {
  if (!mask) return model;
  const F = model.features;
  if (mask.length !== F) throw new ApiError('invalid_argument', `the feature mask has ${mask.length} entries for ${F} features`);
  const masked = (x: Float32Array) => {
    const out = Float32Array.from(x);
    for (let i = 0; i < out.length; i++) if (mask[i % F] === 0) out[i] = 0;
    return out;
  };
  return {
    ...model,
    predict: (x, n) => model.predict(masked(x), n),
    gradient: async (x, n, targets) => {
      const g = await model.gradient(masked(x), n, targets);
      for (let i = 0; i < g.length; i++) if (mask[i % F] === 0) g[i] = 0;
      return g;
    },
  };
}
