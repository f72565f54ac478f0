/**
 * What changing a study's space, sampler or pruner means for its history,
 * told to the user before the next trial: samplers are pure functions of the
 * stored trials, so nothing is lost, but not everything still counts.
 */
import { checkParams, type Space } from '../tuner/space.ts';
import type { FrozenTrial } from '../tuner/types.ts';
import type { ValidStudy } from './validate.ts';

const MODEL_BASED = new Set(['tpe', 'gp', 'genetic', 'nsga2']);

export function updateWarnings(before: ValidStudy, after: ValidStudy, history: readonly FrozenTrial[]): string[] {
  const warnings: string[] = [];
  const finished = history.filter((t) => t.state === 'complete' || t.state === 'pruned');
  const spaceChanged = JSON.stringify(before.config.space) !== JSON.stringify(after.config.space);
  if (spaceChanged) {
    const outside = finished.filter((t) => checkParams(after.space, t.params).length > 0).length;
    const names = (s: Space) => new Set(s.params.map((d) => d.name));
    const added = [...names(after.space)].filter((n) => !names(before.space).has(n));
    const removed = [...names(before.space)].filter((n) => !names(after.space).has(n));
    warnings.push(
      `search space changed${added.length ? `; new params: ${added.join(', ')}` : ''}${removed.length ? `; removed params: ${removed.join(', ')}` : ''}. ` +
        `${outside} of ${finished.length} finished trials have params that do not fit the new space: model-based samplers (tpe, gp, genetic, nsga2) ignore those values ` +
        `(a param group only learns from trials where all its params are inside the space); best trial, history and importance still show every trial.`,
    );
  }
  if (before.sampler.name !== after.sampler.name || JSON.stringify(before.sampler.options) !== JSON.stringify(after.sampler.options)) {
    warnings.push(
      MODEL_BASED.has(after.sampler.name)
        ? `sampler changed from '${before.sampler.name}' to '${after.sampler.name}': it starts from the ${finished.length} stored trials (its own state is rebuilt from history and the study seed).`
        : after.sampler.name === 'grid'
          ? `sampler changed to 'grid': it skips grid points already used by stored trials and covers the rest of the grid.`
          : `sampler changed to '${after.sampler.name}': it ignores the stored trials (they stay in the study).`,
    );
  }
  if (JSON.stringify(before.pruner) !== JSON.stringify(after.pruner)) {
    warnings.push(`pruner changed from '${before.pruner.kind}' to '${after.pruner.kind}': trials already pruned stay pruned; the new pruner compares new reports with every stored intermediate value.`);
  }
  if (spaceChanged && after.kind === 'train') warnings.push('trials already trained keep their runs; only new trials use the new space.');
  return warnings;
}
