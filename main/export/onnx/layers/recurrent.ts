/**
 * Our Recurrent layer (main/model/layers/recurrent.ts) as ONNX's own LSTM or
 * GRU op, one per layer, both directions in one op (time-major, layout 0: the
 * layout every runtime implements; the input is transposed in and out):
 *
 *   LSTM  our gates i, f, g, o (Keras) → ONNX i, o, f, c; our one bias → Wb, with Rb = 0
 *   GRU   gates z, r, h in both; bias rows (input, recurrent) → Wb, Rb; linear_before_reset = 1
 *   mask  → sequence_lens = Σ mask (right-padded sequences): ONNX then keeps the state and
 *         outputs zeros past each length, and runs the backward direction from each
 *         sequence's last token, as our layer does
 *
 * Y [T, dirs, N, H] becomes [N, T, dirs·H] (forward first, as tfjs concatenates),
 * Y_h [dirs, N, H] becomes [N, dirs·H].
 */
import { cannotExport, layerWeights, staticDims, weight, type LayerConverter } from '../context.ts';
import { int, ints } from '../graph.ts';
import type { AttributeValue } from '../graph.ts';

/** [D, G·u] blocks in `order` → [G·u, D] (ONNX's W per direction). */
function reorderTransposed(data: Float32Array, rows: number, u: number, order: number[]): Float32Array {
  const g = order.length;
  const out = new Float32Array(g * u * rows);
  order.forEach((src, dst) => {
    for (let j = 0; j < u; j++) for (let r = 0; r < rows; r++) out[(dst * u + j) * rows + r] = data[r * g * u + src * u + j];
  });
  return out;
}

function reorderVector(data: Float32Array, u: number, order: number[]): Float32Array {
  const out = new Float32Array(order.length * u);
  order.forEach((src, dst) => out.set(data.subarray(src * u, (src + 1) * u), dst * u));
  return out;
}

const recurrent: LayerConverter = (ctx, layer, [x, mask]) => {
  const config = layer.getConfig();
  const cell = String(config.cell);
  const u = Number(config.units);
  const bidirectional = config.bidirectional === true;
  const dirs = bidirectional ? ['forward', 'backward'] : ['forward'];
  const [t, d] = staticDims(layer, x.shape);
  const weights = layerWeights(layer);
  const lstm = cell === 'lstm';
  if (!lstm && cell !== 'gru') throw cannotExport(layer, `has an unknown cell '${cell}'`);
  const order = lstm ? [0, 3, 1, 2] : [0, 1, 2];
  const gates = order.length;
  const W: Float32Array[] = [];
  const R: Float32Array[] = [];
  const B: Float32Array[] = [];
  for (const dir of dirs) {
    W.push(reorderTransposed(weight(layer, weights, `${dir}_kernel`).data, d, u, order));
    R.push(reorderTransposed(weight(layer, weights, `${dir}_recurrent_kernel`).data, u, u, order));
    const bias = weight(layer, weights, `${dir}_bias`).data;
    const b = new Float32Array(2 * gates * u);
    if (lstm) b.set(reorderVector(bias, u, order), 0);
    else {
      b.set(bias.subarray(0, gates * u), 0);
      b.set(bias.subarray(gates * u), gates * u);
    }
    B.push(b);
  }
  const concat = (parts: Float32Array[]) => {
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  };
  const g = ctx.graph;
  const n = dirs.length;
  const inputs = [
    g.node('Transpose', [x.name], `${layer.name}_time_major`, { perm: ints([1, 0, 2]) }),
    g.floats(`${layer.name}_W`, concat(W), [n, gates * u, d]),
    g.floats(`${layer.name}_R`, concat(R), [n, gates * u, u]),
    g.floats(`${layer.name}_B`, concat(B), [n, 2 * gates * u]),
  ];
  if (mask) {
    const lengths = g.node('ReduceSum', [mask.name, g.int64s(`${layer.name}_len_axes`, [1])], `${layer.name}_lengths_f`, { keepdims: int(0) });
    inputs.push(g.node('Cast', [lengths], `${layer.name}_lengths`, { to: int(6) }));
  }
  const attributes: Record<string, AttributeValue> = { hidden_size: int(u), direction: { string: bidirectional ? 'bidirectional' : 'forward' } };
  if (!lstm) attributes.linear_before_reset = int(1);
  // ONNX LSTM/GRU have several outputs: Y (every step) and Y_h (final state); name both, use the one the layer returns.
  const y = g.unique(`${layer.name}_Y`);
  const yh = g.unique(`${layer.name}_Y_h`);
  g.nodes.push({ opType: lstm ? 'LSTM' : 'GRU', name: g.unique(`${layer.name}/${lstm ? 'LSTM' : 'GRU'}`), inputs, outputs: [y, yh], attributes });
  if (config.returnSequences === true) {
    const batchMajor = g.node('Transpose', [y], `${layer.name}_Y_batch_major`, { perm: ints([2, 0, 1, 3]) });
    const out = g.node('Reshape', [batchMajor, g.int64s(`${layer.name}_seq_shape`, [0, t, n * u])], layer.name);
    return { name: out, shape: [x.shape[0], t, n * u], layout: 'nhwc' };
  }
  const batchMajor = g.node('Transpose', [yh], `${layer.name}_Y_h_batch_major`, { perm: ints([1, 0, 2]) });
  const out = g.node('Reshape', [batchMajor, g.int64s(`${layer.name}_state_shape`, [0, n * u])], layer.name);
  return { name: out, shape: [x.shape[0], n * u], layout: 'nhwc' };
};

export const recurrentConverters: Record<string, LayerConverter> = { Recurrent: recurrent };
