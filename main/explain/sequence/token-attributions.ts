/**
 * Token attributions of a text model: Integrated Gradients on the embeddings
 * (Sundararajan et al. 2017), since ids are not differentiable. For one row,
 * with E its embedded tokens [T, D] and the baseline all zeros (what padding
 * embeds to):
 *
 *   φ_t = Σ_d E[t, d] · ∫₀¹ ∂f/∂E[t, d](α·E) dα      (the quadrature rule of quadrature.ts)
 *
 * The padding mask stays that of the real ids along the whole path, so only the
 * tokens move. Completeness: Σ_t φ_t ≈ f(E) − f(0); the gap is reported.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import { MAX_GRADIENT_STEPS } from '../../limits.ts';
import { quadratureRule, type Quadrature } from '../quadrature.ts';
import { runGraph } from './run-graph.ts';

export type TokenAttribution = {
  /** The explained output (class index; 0 for regression). */
  target: number;
  prediction: number;
  baseline: number;
  /** One per input position (0 for padding and for tokens past an embedding's maxLength). */
  attributions: number[];
  /** |Σφ − (f(x) − f(baseline))| / max(|f(x) − f(baseline)|, 1e-6). */
  relativeGap: number;
};

/** The model's first TokenEmbedding layer, or a clear refusal. */
export function embeddingLayer(model: tf.LayersModel): tf.layers.Layer {
  const layer = model.layers.find((l) => l.getClassName() === 'TokenEmbedding');
  if (!layer) throw new ApiError('invalid_argument', 'token attributions need a text model that starts with an embedding layer');
  return layer;
}

export function tokenAttributions(model: tf.LayersModel, ids: Float32Array, target: number | 'predicted', opts: { steps?: number; quadrature?: Quadrature } = {}): TokenAttribution {
  const steps = opts.steps ?? 32;
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_GRADIENT_STEPS) throw new ApiError('invalid_argument', `steps must be 1..${MAX_GRADIENT_STEPS}, got ${steps}`);
  const length = model.inputs[0].shape[1] as number;
  if (ids.length !== length) throw new ApiError('invalid_argument', `a row has ${length} token ids, got ${ids.length}`);
  const embedding = embeddingLayer(model);
  const rule = quadratureRule(opts.quadrature ?? 'gauss-legendre', steps);
  return tf.tidy(() => {
    const input = tf.tensor2d(ids, [1, length]);
    const embedded = embedding.apply(input, { training: false }) as tf.Tensor; // [1, T', D]
    const outputAt = (e: tf.Tensor) => runGraph(model, input, { replace: new Map([[embedding.name, e]]) }).output;
    const full = outputAt(embedded).dataSync();
    const t = target === 'predicted' ? argmax(full) : target;
    if (!(t >= 0 && t < full.length)) throw new ApiError('invalid_argument', `output ${t} is out of range: the model has ${full.length}`);
    const base = outputAt(tf.zerosLike(embedded)).dataSync()[t];
    // All quadrature nodes in one batch: [steps, T', D], the mask repeated by the batched input.
    const alphas = tf.tensor(Float32Array.from(rule.nodes), [steps, 1, 1]);
    const path = tf.mul(alphas, embedded);
    const batchInput = tf.tile(input, [steps, 1]);
    const grads = tf.grad((e: tf.Tensor) => tf.sum(tf.slice(runGraph(model, batchInput, { replace: new Map([[embedding.name, e]]) }).output, [0, t], [-1, 1])))(path);
    const weighted = tf.sum(tf.mul(grads, tf.tensor(Float32Array.from(rule.weights), [steps, 1, 1])), 0); // [T', D]
    const phiTokens = tf.sum(tf.mul(weighted, tf.squeeze(embedded, [0])), 1).dataSync();
    const attributions = new Array<number>(length).fill(0);
    phiTokens.forEach((v, i) => (attributions[i] = v));
    const total = attributions.reduce((a, b) => a + b, 0);
    const delta = full[t] - base;
    return { target: t, prediction: full[t], baseline: base, attributions, relativeGap: Math.abs(total - delta) / Math.max(Math.abs(delta), 1e-6) };
  });
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
