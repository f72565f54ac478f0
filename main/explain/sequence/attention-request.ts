/**
 * Attention maps of one row of a text run (runs.attention): the request (zod,
 * checked at the boundary) and the answer. Plain data and zod only: the
 * contract and the renderer import this file.
 */
import { z } from 'zod';
import type { Layer, ModelSpec } from '../../api/schemas.ts';
import { EXPLAIN_SPLITS, type ExplainSplit } from '../request.ts';

export const AttentionRequest = z
  .object({
    runId: z.string().min(1).max(100),
    split: z.enum(EXPLAIN_SPLITS).default('val'),
    /** The row's 0-based position in the split. */
    row: z.number().int().min(0).max(10_000_000).default(0),
    /** Only this attention layer (0-based, in model order): for long rows whose maps together pass MAX_ATTENTION_CELLS. */
    layer: z.number().int().min(0).max(1000).optional(),
  })
  .strict();
export type AttentionRequestInput = z.input<typeof AttentionRequest>;

/** One attention layer: each head's weights [query token][key token], rows summing to 1. */
export type AttentionLayerMaps = { layer: string; heads: number[][][] };

export type AttentionResult = {
  runId: string;
  split: ExplainSplit;
  row: number;
  /** The row's tokens in order, trailing padding dropped; both axes of every map. */
  tokens: string[];
  layers: AttentionLayerMaps[];
};

/** Whether a model spec has a layer that attention maps can be drawn for (transformer blocks, attention layers, also inside residual blocks). */
export function specHasAttention(spec: Pick<ModelSpec, 'layers'>): boolean {
  const has = (layers: readonly Layer[]): boolean => layers.some((l) => l.kind === 'attention' || l.kind === 'transformer' || (l.kind === 'residual' && has(l.layers)));
  return has(spec.layers);
}
