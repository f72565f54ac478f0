/**
 * Sequence models for the masked-original check (equivalence.test.ts): the
 * removed units' effect is silenced by hand at their consumers, from the kept
 * indices, without the code under test:
 *   - a transformer head: its rows of the output projection (weight 6 of the
 *     attention: [query kernel, bias, key kernel, bias, value kernel, bias, output kernel, bias]);
 *   - a feed-forward unit: its row of ff2;
 *   - a conv1d filter: its input slice of the next kernel [k, in, out] or its flattened rows;
 *   - an lstm / gru unit: its row of the recurrent kernel (weight 1, and 4 backward) and of the consumer
 *     (a bidirectional output is forward units, then backward ones).
 */
import { expandBlocks } from '../../../../main/compression/structured/slicing.ts';
import { complement, flatRows, tokenIds, type EquivalenceCase } from './helpers.ts';

const heads = (removed: number[], keyDim: number): number[] => expandBlocks(removed, keyDim);

export const SEQUENCE_CASES: EquivalenceCase[] = [
  {
    name: 'text transformer (pre- and post-norm, learned positions, prelu feed-forward): heads and feed-forward units',
    spec: {
      layers: [
        { kind: 'embedding', vocabSize: 40, dim: 12 },
        { kind: 'positional', mode: 'learned' },
        { kind: 'transformer', heads: 4, ffUnits: 10, dropout: 0, norm: 'pre', activation: 'relu' },
        { kind: 'transformer', heads: 3, keyDim: 5, ffUnits: 8, dropout: 0, norm: 'post', activation: 'prelu' },
        { kind: 'layerNorm', epsilon: 1e-5 },
        { kind: 'globalPool1d', pool: 'avg' },
      ],
    },
    io: { inputShape: [9], outputUnits: 3, task: 'regression' },
    criterion: 'l2',
    ratio: 0.5,
    inputs: (batch) => tokenIds(batch, 9, 40),
    masks: (k) => [
      // keyDim defaults to 12 / 4 = 3 in the first block.
      { layer: 'transformer_3_attn', weight: 6, axis: 0, indices: heads(complement(k.transformer_3_attn, 4), 3) },
      { layer: 'transformer_3_ff2', weight: 0, axis: 0, indices: complement(k.transformer_3_ff1, 10) },
      { layer: 'transformer_4_attn', weight: 6, axis: 0, indices: heads(complement(k.transformer_4_attn, 3), 5) },
      { layer: 'transformer_4_ff2', weight: 0, axis: 0, indices: complement(k.transformer_4_ff1, 8) },
    ],
  },
  {
    name: 'text CNN (conv1d with prelu, pooling over time, max over the text)',
    spec: {
      layers: [
        { kind: 'embedding', vocabSize: 40, dim: 6 },
        { kind: 'conv1d', filters: 10, kernelSize: 3, strides: 1, padding: 'same', activation: 'prelu', useBias: true },
        { kind: 'maxPool1d', poolSize: 2 },
        { kind: 'conv1d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'globalPool1d', pool: 'max' },
        { kind: 'dense', units: 6, activation: 'tanh', useBias: true },
      ],
    },
    io: { inputShape: [12], outputUnits: 3, task: 'regression' },
    criterion: 'l1',
    ratio: 0.5,
    inputs: (batch) => tokenIds(batch, 12, 40),
    masks: (k, n) => [
      { layer: 'conv1d_4', weight: 0, axis: 1, indices: complement(k.conv1d_2, n('conv1d_2')) },
      { layer: 'dense_6', weight: 0, axis: 0, indices: complement(k.conv1d_4, n('conv1d_4')) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_6, n('dense_6')) },
    ],
  },
  {
    name: 'series CNN (conv1d -> avgPool1d -> conv1d valid -> flatten -> dense)',
    spec: {
      layers: [
        { kind: 'conv1d', filters: 6, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
        { kind: 'avgPool1d', poolSize: 2 },
        { kind: 'conv1d', filters: 5, kernelSize: 2, strides: 1, padding: 'valid', activation: 'elu', useBias: true },
        { kind: 'flatten' },
        { kind: 'dense', units: 4, activation: 'relu', useBias: true },
      ],
    },
    io: { inputShape: [8, 2], outputUnits: 2, task: 'regression' },
    criterion: 'l2',
    ratio: 0.5,
    masks: (k, n) => [
      { layer: 'conv1d_3', weight: 0, axis: 1, indices: complement(k.conv1d_1, n('conv1d_1')) },
      // 8 steps -> pool 4 -> valid conv of 2: 3 steps of 5 filters.
      { layer: 'dense_5', weight: 0, axis: 0, indices: flatRows(complement(k.conv1d_3, 5), 5, 3) },
      { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_5, n('dense_5')) },
    ],
  },
  {
    name: 'recurrent (bidirectional lstm over the sequence -> gru -> dense)',
    spec: {
      layers: [
        { kind: 'embedding', vocabSize: 30, dim: 5 },
        { kind: 'lstm', units: 6, bidirectional: true, returnSequences: true },
        { kind: 'gru', units: 5, bidirectional: false, returnSequences: false },
        { kind: 'dense', units: 4, activation: 'relu', useBias: true },
      ],
    },
    io: { inputShape: [7], outputUnits: 2, task: 'regression' },
    criterion: 'l1',
    ratio: 0.5,
    inputs: (batch) => tokenIds(batch, 7, 30),
    masks: (k, n) => {
      const lstm = complement(k.lstm_2, 6);
      const gru = complement(k.gru_3, 5);
      return [
        { layer: 'lstm_2', weight: 1, axis: 0, indices: lstm },
        { layer: 'lstm_2', weight: 4, axis: 0, indices: lstm },
        { layer: 'gru_3', weight: 0, axis: 0, indices: [...lstm, ...lstm.map((u) => u + 6)] },
        { layer: 'gru_3', weight: 1, axis: 0, indices: gru },
        { layer: 'dense_4', weight: 0, axis: 0, indices: gru },
        { layer: 'head', weight: 0, axis: 0, indices: complement(k.dense_4, n('dense_4')) },
      ];
    },
  },
];
