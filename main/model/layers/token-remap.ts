/**
 * Token ids of one encoding → ids of another: out[b, t] = table[id[b, t]],
 * ids outside the table reading [UNK]. A merged text ensemble
 * (main/ensemble/merge.ts) takes the ids of its members' union vocabulary
 * (main/data/text/shared-encoding.ts); a member whose own tokeniser differs reads
 * them through its table first, so its embedding sees exactly the ids its own
 * tokeniser gives. The table is a frozen weight (saved, loaded and exported
 * like any other), float32 because ids travel as float32.
 */
import * as tf from '@tensorflow/tfjs';
import { UNKNOWN_ID } from './token-embedding.ts';

export type TokenRemapArgs = { size: number; name?: string; inputShape?: tf.Shape; batchInputShape?: tf.Shape };

export class TokenRemap extends tf.layers.Layer {
  static className = 'TokenRemap';
  readonly size: number;
  private table: tf.LayerVariable | null = null;

  constructor(args: TokenRemapArgs) {
    super({ ...args, trainable: false });
    this.size = args.size;
  }

  override build(): void {
    this.table = this.addWeight('table', [this.size], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (this.table === null) throw new Error('TokenRemap was called before it was built');
      const ids = tf.cast(x, 'int32');
      const outside = tf.logicalOr(tf.greaterEqual(ids, this.size), tf.less(ids, 0));
      const safe = tf.where(outside, tf.fill(ids.shape, UNKNOWN_ID, 'int32'), ids);
      return tf.reshape(tf.gather(this.table.read(), tf.reshape(safe, [-1])), x.shape);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}

tf.serialization.registerClass(TokenRemap);
