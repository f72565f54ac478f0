/**
 * LSTM and GRU over [batch, T, D] (+ optional padding mask [batch, T]),
 * forward or bidirectional (forward and backward outputs concatenated), giving
 * the whole sequence [batch, T, units·dirs] or the final state [batch, units·dirs].
 *
 *   LSTM (gates i, f, g, o as in Keras):  i,f,o = σ(·), g = tanh(·), c' = f⊙c + i⊙g, h' = o⊙tanh(c')
 *   GRU (z, r, h; reset after the recurrent matmul, as Keras and cuDNN):
 *       z,r = σ(x Wz,r + h Uz,r + b), h̃ = tanh(x Wh + bxh + r⊙(h Uh + bhh)), h' = z⊙h + (1−z)⊙h̃
 *
 * Masked steps (padding) keep the state and output zeros, which is what ONNX's
 * LSTM/GRU with sequence_lens compute for right-padded sequences, so exports
 * agree; the backward direction thus starts at each sequence's last token.
 * Weights per direction: kernel [D, G·units], recurrentKernel [units, G·units],
 * bias [G·units] (GRU: [2, 3·units], input and recurrent biases).
 */
import * as tf from '@tensorflow/tfjs';
import { firstShape, splitMasked } from './masks.ts';

export type CellKind = 'lstm' | 'gru';

export type RecurrentArgs = {
  cell: CellKind;
  units: number;
  bidirectional?: boolean;
  returnSequences?: boolean;
  seed?: number | null;
  name?: string;
  trainable?: boolean;
};

type Direction = { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable };

export const gateCount = (cell: CellKind): number => (cell === 'lstm' ? 4 : 3);

export class Recurrent extends tf.layers.Layer {
  static className = 'Recurrent';
  readonly cell: CellKind;
  readonly units: number;
  readonly bidirectional: boolean;
  readonly returnSequences: boolean;
  readonly seed: number | null;
  private directions: Direction[] = [];

  constructor(args: RecurrentArgs) {
    super(args);
    this.cell = args.cell;
    this.units = args.units;
    this.bidirectional = args.bidirectional ?? false;
    this.returnSequences = args.returnSequences ?? false;
    this.seed = args.seed ?? null;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const d = firstShape(inputShape)[2] as number;
    const g = gateCount(this.cell) * this.units;
    const seed = (k: number) => (this.seed === null ? undefined : (this.seed + k) >>> 0);
    this.directions = (this.bidirectional ? ['forward', 'backward'] : ['forward']).map((dir, k) => ({
      kernel: this.addWeight(`${dir}_kernel`, [d, g], 'float32', tf.initializers.glorotUniform({ seed: seed(3 * k + 1) })),
      recurrent: this.addWeight(`${dir}_recurrent_kernel`, [this.units, g], 'float32', tf.initializers.orthogonal({ seed: seed(3 * k + 2) })),
      bias: this.addWeight(`${dir}_bias`, this.cell === 'gru' ? [2, g] : [g], 'float32', tf.initializers.zeros()),
    }));
    if (this.cell === 'lstm') for (const dir of this.directions) setForgetBias(dir.bias, this.units);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = firstShape(inputShape);
    const width = this.units * (this.bidirectional ? 2 : 1);
    return this.returnSequences ? [shape[0], shape[1], width] : [shape[0], width];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const { x, mask } = splitMasked(inputs);
      const outs = this.directions.map((dir, k) => this.run(x, mask, dir, k === 1));
      const seqs = outs.map((o) => o.sequence);
      const finals = outs.map((o) => o.final);
      if (this.returnSequences) return seqs.length === 1 ? seqs[0] : tf.concat(seqs, 2);
      return finals.length === 1 ? finals[0] : tf.concat(finals, 1);
    });
  }

  /** One direction: outputs [batch, T, units] (in time order) and the final state [batch, units]. */
  private run(x: tf.Tensor, mask: tf.Tensor | null, dir: Direction, reverse: boolean): { sequence: tf.Tensor; final: tf.Tensor } {
    const [batch, t] = x.shape as number[];
    const u = this.units;
    const kernel = dir.kernel.read();
    const recurrent = dir.recurrent.read();
    const bias = dir.bias.read();
    // Input projections of every step in one matmul: [batch, T, G·units].
    const d = x.shape[2] as number;
    const projected = tf.reshape(tf.matMul(tf.reshape(x, [batch * t, d]), kernel), [batch, t, -1]);
    const steps = tf.unstack(projected, 1);
    const masks = mask ? tf.unstack(tf.expandDims(mask, -1), 1) : null;
    let h = tf.zeros([batch, u]);
    let c = tf.zeros([batch, u]);
    const outputs: tf.Tensor[] = new Array(t);
    for (let k = 0; k < t; k++) {
      const s = reverse ? t - 1 - k : k;
      let hNext: tf.Tensor;
      let cNext = c;
      if (this.cell === 'lstm') {
        const z = tf.add(tf.add(steps[s], tf.matMul(h, recurrent)), bias);
        const [i, f, g, o] = tf.split(z, 4, 1);
        cNext = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
        hNext = tf.mul(tf.sigmoid(o), tf.tanh(cNext));
      } else {
        const [bx, bh] = tf.unstack(bias, 0);
        const [xz, xr, xh] = tf.split(tf.add(steps[s], bx), 3, 1);
        const [hz, hr, hh] = tf.split(tf.add(tf.matMul(h, recurrent), bh), 3, 1);
        const zGate = tf.sigmoid(tf.add(xz, hz));
        const rGate = tf.sigmoid(tf.add(xr, hr));
        const candidate = tf.tanh(tf.add(xh, tf.mul(rGate, hh)));
        hNext = tf.add(tf.mul(zGate, h), tf.mul(tf.sub(1, zGate), candidate));
      }
      if (masks) {
        const m = masks[s];
        const keep = tf.sub(1, m);
        h = tf.add(tf.mul(m, hNext), tf.mul(keep, h));
        c = tf.add(tf.mul(m, cNext), tf.mul(keep, c));
        outputs[s] = tf.mul(m, hNext);
      } else {
        h = hNext;
        c = cNext;
        outputs[s] = hNext;
      }
    }
    return { sequence: this.returnSequences ? tf.stack(outputs, 1) : h, final: h };
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), cell: this.cell, units: this.units, bidirectional: this.bidirectional, returnSequences: this.returnSequences, seed: this.seed };
  }
}

/** LSTM forget-gate bias 1 (Jozefowicz et al. 2015, Keras' unit_forget_bias): early gradients flow through time. */
function setForgetBias(bias: tf.LayerVariable, units: number): void {
  const values = new Float32Array(4 * units);
  values.fill(1, units, 2 * units);
  const t = tf.tensor1d(values);
  bias.write(t);
  t.dispose();
}

tf.serialization.registerClass(Recurrent);
