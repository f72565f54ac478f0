/**
 * The one gradient-clipping rule, shared by every training path (the generic
 * tape step with any optimizer, the fused Adam update, the dense-stack fast
 * path): each gradient element becomes clamp(g · scale, −limit, +limit).
 *
 * - by norm: scale = maxNorm / max(‖g‖, maxNorm), where ‖g‖ is the global L2
 *   norm over all gradients together (so the direction of the whole update is
 *   kept), limit = ∞;
 * - by value: scale = 1, limit = maxValue;
 * - none: scale = 1, limit = ∞.
 *
 * Pure: the callers compute the global norm their own way (tensor ops or a JS
 * pass) and apply the rule to tensors or arrays.
 */
import type { GradientClip } from '../api/schemas.ts';

export type ClipRule = { scale: number; limit: number };

const NO_CLIP: ClipRule = { scale: 1, limit: Infinity };

/** `globalNorm` is called only when clipping by norm (it costs a pass over every gradient). */
export function clipRule(clip: GradientClip | undefined, globalNorm: () => number): ClipRule {
  if (clip?.kind === 'value') return { scale: 1, limit: clip.maxValue };
  if (clip?.kind !== 'norm') return NO_CLIP;
  return { scale: clip.maxNorm / Math.max(globalNorm(), clip.maxNorm), limit: Infinity };
}

/** One gradient element under the rule. */
export function clipElement(g: number, rule: ClipRule): number {
  const x = g * rule.scale;
  return x > rule.limit ? rule.limit : x < -rule.limit ? -rule.limit : x;
}

/** Global L2 norm of gradients held in JS arrays, accumulated in doubles. */
export function globalNormOfArrays(grads: readonly ArrayLike<number>[]): number {
  let sq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  return Math.sqrt(sq);
}

/** Clipped copies of gradients held in JS arrays (the fused update applies the rule inside its own loop). */
export function clipArrays(grads: readonly Float32Array[], clip: GradientClip | undefined): Float32Array[] {
  const rule = clipRule(clip, () => globalNormOfArrays(grads));
  return grads.map((g) => g.map((x) => clipElement(x, rule)));
}
