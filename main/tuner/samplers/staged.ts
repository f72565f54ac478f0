/**
 * Conditional spaces, sampled stage by stage: first every unconditional
 * param, then the params those values switch on, and so on. Each stage is
 * one group that a model-based sampler models jointly (a multivariate TPE or
 * GP over exactly the trials in which that group was active).
 */
import { contains, type ParamDef } from '../distributions.ts';
import { activeParams, type Space } from '../space.ts';
import type { FrozenTrial, Params } from '../types.ts';

export type GroupPicker = (group: readonly ParamDef[], partial: Readonly<Params>) => Params;

export function sampleStaged(space: Space, pick: GroupPicker): Params {
  const params: Params = {};
  for (;;) {
    const fresh = activeParams(space, params).filter((d) => !Object.hasOwn(params, d.name));
    if (fresh.length === 0) return params;
    // Fixed params need no model; give the picker only what it must choose.
    for (const d of fresh) if (d.kind === 'fixed') params[d.name] = d.value;
    const group = fresh.filter((d) => d.kind !== 'fixed');
    if (!group.length) continue;
    const picked = pick(group, params);
    for (const d of group) {
      if (!Object.hasOwn(picked, d.name)) throw new Error(`sampler gave no value for param '${d.name}'`);
      params[d.name] = picked[d.name];
    }
  }
}

/**
 * Finished trials (complete with finite values, or pruned) in which every param
 * of the group was active with a value the current space still allows.
 */
export function trialsWithGroup(history: readonly FrozenTrial[], group: readonly ParamDef[]): FrozenTrial[] {
  return history.filter((t) => (t.state === 'complete' ? t.values !== undefined && t.values.every(Number.isFinite) : t.state === 'pruned')
    && hasGroup(t, group));
}

/** Running trials (in flight here or on another worker) in which every param of the group is active: the pending points. */
export const runningWithGroup = (history: readonly FrozenTrial[], group: readonly ParamDef[]): FrozenTrial[] =>
  history.filter((t) => t.state === 'running' && hasGroup(t, group));

const hasGroup = (t: FrozenTrial, group: readonly ParamDef[]) => group.every((d) => Object.hasOwn(t.params, d.name) && contains(d, t.params[d.name]));
