/**
 * Multi-head self-attention as a tfjs layer (tfjs 4 has none). Input
 * [batch, T, D], or [batch, H, W, C] taken as H*W tokens of C features; the
 * output has the input's shape:
 *
 *   Q, K, V = x Wq + bq, x Wk + bk, x Wv + bv            (D -> heads * keyDim)
 *   A_h     = softmax(Q_h K_h^T / sqrt(keyDim))          (per head, over keys)
 *   out     = concat_h(A_h V_h) Wo + bo                  (heads * keyDim -> D)
 *
 * With a second input, a padding mask [batch, tokens] (1 = token, 0 = padding;
 * model/layers/token-embedding.ts), padded keys get no attention weight, so
 * padding never changes what the real tokens see.
 *
 * Registered with tf.serialization so a saved model that contains it loads again
 * (importing this module is enough; the builder and io.ts import it).
 */
import * as tf from '@tensorflow/tfjs';
import { firstShape, MASKED, splitMasked } from './masks.ts';

export type AttentionArgs = {
  heads: number;
  keyDim: number;
  dropout?: number;
  /** Seeds the four kernels' initialisers; null/undefined = unseeded. */
  seed?: number | null;
  name?: string;
  trainable?: boolean;
  dtype?: tf.DataType;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
};

type Projection = { kernel: tf.LayerVariable; bias: tf.LayerVariable };

export class MultiHeadSelfAttention extends tf.layers.Layer {
  static className = 'MultiHeadSelfAttention';
  readonly numHeads: number;
  readonly keyDim: number;
  readonly dropoutRate: number;
  readonly seed: number | null;
  // One object, not four fields: Layer already owns names such as `output`.
  private projections: { query: Projection; key: Projection; value: Projection; out: Projection } | null = null;

  constructor(args: AttentionArgs) {
    super(args);
    this.numHeads = args.heads;
    this.keyDim = args.keyDim;
    this.dropoutRate = args.dropout ?? 0;
    this.seed = args.seed ?? null;
    this.supportsMasking = false;
  }

  private projection(name: string, inputs: number, units: number, offset: number): Projection {
    // Distinct but reproducible seeds per kernel: the same seed gives the same weights.
    const seed = this.seed === null ? undefined : (this.seed + offset) >>> 0;
    const kernel = this.addWeight(`${name}_kernel`, [inputs, units], 'float32', tf.initializers.glorotUniform({ seed }));
    const bias = this.addWeight(`${name}_bias`, [units], 'float32', tf.initializers.zeros());
    return { kernel, bias };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = firstShape(inputShape);
    if (shape.length < 3 || shape.length > 4) {
      throw new Error(`MultiHeadSelfAttention needs [batch, tokens, features] or [batch, H, W, C], got [${shape.join(', ')}]`);
    }
    const d = shape[shape.length - 1] as number;
    const hk = this.numHeads * this.keyDim;
    this.projections = {
      query: this.projection('query', d, hk, 1),
      key: this.projection('key', d, hk, 2),
      value: this.projection('value', d, hk, 3),
      out: this.projection('output', hk, d, 4),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return firstShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const { x } = splitMasked(inputs);
      const { value, out: output } = this.weightsOrThrow();
      const { batch, tokens } = this.sizes(x);
      let weights: tf.Tensor = this.attentionWeights(inputs);
      if (kwargs['training'] === true && this.dropoutRate > 0) weights = tf.dropout(weights, this.dropoutRate);
      const context = tf.reshape(tf.transpose(tf.matMul(weights, this.heads(x, value)), [0, 2, 1, 3]), [batch * tokens, this.numHeads * this.keyDim]);
      const out = tf.add(tf.matMul(context, output.kernel.read()), output.bias.read());
      return tf.reshape(out, x.shape);
    });
  }

  /** The attention weights [batch, heads, queries, keys] for these inputs (what explanations draw as attention maps). */
  attentionWeights(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { x, mask } = splitMasked(inputs);
      const { query, key } = this.weightsOrThrow();
      const { batch, tokens } = this.sizes(x);
      let scores = tf.mul(tf.matMul(this.heads(x, query), this.heads(x, key), false, true), 1 / Math.sqrt(this.keyDim));
      // [batch, 1, 1, keys]: every head and query ignores the padded keys.
      if (mask) scores = tf.add(scores, tf.reshape(tf.mul(tf.sub(1, mask), MASKED), [batch, 1, 1, tokens]));
      return tf.softmax(scores);
    });
  }

  private weightsOrThrow(): NonNullable<MultiHeadSelfAttention['projections']> {
    if (this.projections === null) throw new Error('MultiHeadSelfAttention was called before it was built');
    return this.projections;
  }

  private sizes(x: tf.Tensor): { batch: number; tokens: number; d: number } {
    const batch = x.shape[0];
    const d = x.shape[x.shape.length - 1];
    return { batch, tokens: x.size / (batch * d), d };
  }

  /** A dense projection of the flattened tokens, split into heads: [batch, heads, T, keyDim]. */
  private heads(x: tf.Tensor, p: Projection): tf.Tensor4D {
    const { batch, tokens, d } = this.sizes(x);
    const flat = tf.reshape(x, [batch * tokens, d]);
    const projected = tf.add(tf.matMul(flat, p.kernel.read()), p.bias.read());
    return tf.transpose(tf.reshape(projected, [batch, tokens, this.numHeads, this.keyDim]), [0, 2, 1, 3]);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      heads: this.numHeads,
      keyDim: this.keyDim,
      dropout: this.dropoutRate,
      seed: this.seed,
    };
  }
}

tf.serialization.registerClass(MultiHeadSelfAttention);
