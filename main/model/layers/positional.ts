/**
 * Positional encoding added to a sequence [batch, T, D]: learned (one trained
 * vector per position) or sinusoidal (Vaswani et al.: sin on even, cos on odd
 * features, wavelengths from 2π to 10000·2π), so attention, which is blind to
 * order, can tell positions apart.
 */
import * as tf from '@tensorflow/tfjs';

export type PositionalMode = 'learned' | 'sinusoidal';

/** The sinusoidal table [T, D], row-major (pure; also what the ONNX export stores). */
export function sinusoidalTable(t: number, d: number): Float32Array {
  const out = new Float32Array(t * d);
  for (let p = 0; p < t; p++) {
    for (let i = 0; i < d; i++) {
      const angle = p / Math.pow(10000, (2 * Math.floor(i / 2)) / d);
      out[p * d + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return out;
}

export class PositionalEncoding extends tf.layers.Layer {
  static className = 'PositionalEncoding';
  readonly mode: PositionalMode;
  readonly seed: number | null;
  private positions: tf.LayerVariable | null = null;
  private fixed: tf.Tensor | null = null;

  constructor(args: { mode: PositionalMode; seed?: number | null; name?: string; trainable?: boolean }) {
    super(args);
    this.mode = args.mode;
    this.seed = args.seed ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = inputShape as tf.Shape;
    const t = shape[1] as number;
    const d = shape[2] as number;
    if (this.mode === 'learned') {
      const init = tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: this.seed ?? undefined });
      this.positions = this.addWeight('positions', [t, d], 'float32', init);
    } else {
      this.fixed = tf.keep(tf.tensor2d(sinusoidalTable(t, d), [t, d]));
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return inputShape as tf.Shape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const table = this.positions ? this.positions.read() : this.fixed;
      if (!table) throw new Error('PositionalEncoding was called before it was built');
      return tf.add(x, table);
    });
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.fixed?.dispose();
    this.fixed = null;
    return super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode, seed: this.seed };
  }
}

tf.serialization.registerClass(PositionalEncoding);
