/**
 * Token embedding: ids [batch, T] (float32, as every dataset stores them) →
 * vectors [batch, T', dim], where T' = maxLength when set (the first maxLength
 * tokens: a shorter sequence for a cheaper model) and T otherwise. Ids at or
 * past vocabSize (and negative ones) read the [UNK] row (a smaller vocabulary is a frequency cut:
 * tokenisers number tokens most frequent first). Padding positions (id 0)
 * come out as zeros, so what follows sees the same thing however much
 * padding there is; PaddingMask gives the mask the attention, pooling and
 * recurrent layers use.
 *
 * The table's gradient is a scatter-add of the output gradient (tfjs's own
 * gather gradient needs UnsortedSegmentSum, which the wasm backend lacks).
 */
import * as tf from '@tensorflow/tfjs';

export const UNKNOWN_ID = 1;

export type TokenEmbeddingArgs = {
  vocabSize: number;
  dim: number;
  maxLength?: number | null;
  seed?: number | null;
  name?: string;
  trainable?: boolean;
  inputShape?: tf.Shape;
  batchInputShape?: tf.Shape;
};

/** Ids as int32 in [0, vocabSize), cut to maxLength: shared with PaddingMask so both see the same tokens. */
export function tokenIds(x: tf.Tensor, vocabSize: number, maxLength: number | null): tf.Tensor {
  return tf.tidy(() => {
    const t = x.shape[1] as number;
    const cut = maxLength !== null && maxLength < t ? tf.slice(x, [0, 0], [-1, maxLength]) : x;
    const ids = tf.cast(cut, 'int32');
    const outside = tf.logicalOr(tf.greaterEqual(ids, vocabSize), tf.less(ids, 0));
    return tf.where(outside, tf.fill(ids.shape, UNKNOWN_ID, 'int32'), ids);
  });
}

export class TokenEmbedding extends tf.layers.Layer {
  static className = 'TokenEmbedding';
  readonly vocabSize: number;
  readonly dim: number;
  readonly maxLength: number | null;
  readonly seed: number | null;
  private table: tf.LayerVariable | null = null;

  constructor(args: TokenEmbeddingArgs) {
    super(args);
    this.vocabSize = args.vocabSize;
    this.dim = args.dim;
    this.maxLength = args.maxLength ?? null;
    this.seed = args.seed ?? null;
  }

  override build(): void {
    // Keras' default: uniform ±0.05, so the first layers start with small activations whatever the vocabulary size.
    const init = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed ?? undefined });
    this.table = this.addWeight('embeddings', [this.vocabSize, this.dim], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const t = shape[1];
    return [shape[0], this.maxLength !== null && t !== null && this.maxLength < t ? this.maxLength : t, this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.table === null) throw new Error('TokenEmbedding was called before it was built');
      const ids = tokenIds(x, this.vocabSize, this.maxLength);
      const vectors = embed(ids, this.table.read(), this.dim);
      const keep = tf.expandDims(tf.cast(tf.notEqual(ids, 0), 'float32'), -1);
      return tf.mul(vectors, keep);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), vocabSize: this.vocabSize, dim: this.dim, maxLength: this.maxLength, seed: this.seed };
  }
}

/** table[ids] with a scatter-add gradient for the table (ids get none). */
function embed(ids: tf.Tensor, table: tf.Tensor, dim: number): tf.Tensor {
  const gather = tf.customGrad(((idsIn: tf.Tensor, tableIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const flat = tf.reshape(idsIn, [-1]);
    save([flat]);
    const value = tf.reshape(tf.gather(tableIn, flat), [...idsIn.shape, dim]);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.zerosLike(idsIn),
      tf.scatterND(tf.expandDims(saved[0], 1), tf.reshape(dy, [-1, dim]), tableIn.shape),
    ];
    return { value, gradFunc };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return gather(ids, table);
}

/**
 * The padding mask of the ids a TokenEmbedding sees: [batch, T'] with 1 for a
 * token and 0 for padding (id 0). A layer of its own so the mask is an
 * ordinary input of the layers that use it (saved, reloaded and exported like
 * any other tensor of the graph, never tfjs's implicit mask propagation).
 */
export class PaddingMask extends tf.layers.Layer {
  static className = 'PaddingMask';
  readonly maxLength: number | null;

  constructor(args: { maxLength?: number | null; name?: string; inputShape?: tf.Shape; batchInputShape?: tf.Shape }) {
    super(args);
    this.maxLength = args.maxLength ?? null;
    this.trainable = false;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = inputShape as tf.Shape;
    const t = shape[1];
    return [shape[0], this.maxLength !== null && t !== null && this.maxLength < t ? this.maxLength : t];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const t = x.shape[1] as number;
      const cut = this.maxLength !== null && this.maxLength < t ? tf.slice(x, [0, 0], [-1, this.maxLength]) : x;
      return tf.cast(tf.notEqual(tf.cast(cut, 'int32'), 0), 'float32');
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxLength: this.maxLength };
  }
}

tf.serialization.registerClass(TokenEmbedding);
tf.serialization.registerClass(PaddingMask);
