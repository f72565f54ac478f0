/**
 * Structured pruning (issues 4, 13): removes whole dense units, conv1d / conv2d
 * filters, lstm / gru units, attention layers' heads and transformer heads /
 * feed-forward units, and everything that depends on them, giving a genuinely
 * smaller and faster model.
 *
 * Rules (graph.ts has the details):
 *   - ranking by the L1 / L2 norm of each unit's kernel, or by |gamma| of the
 *     batch norm that follows ('bn'; L1 where no batch norm follows);
 *   - the next layer loses the matching inputs: conv kernel input slices, dense
 *     rows, and after flatten of [H, W, C] the rows position*C + c at every
 *     position; batch norm (gamma, beta, moving mean / variance) and PReLU
 *     alphas are sliced; pooling, dropout and activations pass channels through;
 *   - residual blocks: the body's output, the shortcut projection and (without
 *     a projection) the block's input are one group, pruned jointly with the
 *     summed (per-layer mean-normalised) importance; a body with a projection
 *     keeps one extra channel where it would otherwise end up as wide as the
 *     block's input (the builder would then drop the projection);
 *   - transformer blocks: heads (ranked by the norm of each head's Q, K, V
 *     columns and output-projection rows) and feed-forward units (ff1's columns)
 *     are pruned, keyDim and the model width stay; an attention layer's heads
 *     likewise (its keyDim, input and output widths stay); lstm / gru units are ranked by
 *     their input and recurrent columns over every gate and direction;
 *   - the head keeps its outputs; attention widths, reshape, embeddings, a transformer's
 *     model width and layer norms keep their sizes, so the layers feeding them
 *     (and anything added to the network input) are not pruned, with a reason.
 */
export { structuredPrune, prunableLayers, planStructuredPrune } from './prune.ts';
export type { StructuredOptions, StructuredResult, StructuredPlan, PrunableLayer, RemovedEntry, ModelIo } from './types.ts';
export type { Criterion } from './ranking.ts';
