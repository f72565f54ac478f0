/**
 * Ready-made model specs with hyperparameters that train sensibly out of the box.
 * Specs are bodies only: the builder adds the head from the dataset. The
 * '*-reference' presets match /work/shared/bench/torch_reference.py layer for
 * layer, so benchmark ratios compare the same arithmetic.
 */
import type { ModelPreset } from '../api/schemas.ts';
import type { Activation, Layer } from '../api/schemas.ts';

const dense = (units: number, activation: Activation = 'relu', l2 = 0): Layer => ({
  kind: 'dense',
  units,
  activation,
  useBias: true,
  ...(l2 > 0 ? { regularizer: { l1: 0, l2 } } : {}),
});

const conv = (filters: number, padding: 'valid' | 'same', activation: Activation = 'relu', strides = 1): Layer => ({
  kind: 'conv2d',
  filters,
  kernelSize: 3,
  strides,
  padding,
  activation,
  useBias: true,
});

const embedding = (): Layer => ({ kind: 'embedding', vocabSize: 8000, dim: 64 });
const transformer = (): Layer => ({ kind: 'transformer', heads: 4, ffUnits: 128, dropout: 0.1, norm: 'pre', activation: 'relu' });
const conv1d = (filters: number, kernelSize: number): Layer => ({ kind: 'conv1d', filters, kernelSize, strides: 1, padding: 'same', activation: 'relu', useBias: true });

const adam = (learningRate = 0.001) => ({ kind: 'adam' as const, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });

const TEXT_HP = {
  optimizer: adam(),
  batchSize: 32,
  epochs: 15,
  earlyStopping: { monitor: 'val_loss' as const, patience: 3, minDelta: 0, restoreBestWeights: true },
};
const SERIES_HP = {
  optimizer: adam(),
  batchSize: 64,
  epochs: 40,
  preprocess: 'standardize' as const,
  earlyStopping: { monitor: 'val_loss' as const, patience: 6, minDelta: 0, restoreBestWeights: true },
};

export const MODEL_PRESETS: ModelPreset[] = [
  {
    id: 'mlp-small',
    name: 'Small MLP',
    description: 'Two dense layers of 64 ReLU units. A solid first try on tabular data.',
    spec: { name: 'mlp-small', layers: [dense(64), dense(64)] },
    hyperparams: { optimizer: adam(), batchSize: 32, epochs: 50, preprocess: 'standardize' },
    inputKind: 'tabular',
  },
  {
    id: 'mlp-regularised',
    name: 'Regularised MLP',
    description: 'Dense layers with L2 weight decay, batch normalisation and dropout, and early stopping: for small or noisy tables.',
    spec: {
      name: 'mlp-regularised',
      layers: [
        dense(128, 'relu', 1e-4),
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'dropout', rate: 0.3 },
        dense(64, 'relu', 1e-4),
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'dropout', rate: 0.3 },
      ],
    },
    hyperparams: {
      optimizer: adam(),
      batchSize: 32,
      epochs: 100,
      preprocess: 'standardize',
      earlyStopping: { monitor: 'val_loss', patience: 10, minDelta: 0, restoreBestWeights: true },
    },
    inputKind: 'tabular',
  },
  {
    id: 'mlp-reference',
    name: 'Reference MLP',
    description: 'Dense 64 ReLU x2, the MLP of the PyTorch reference benchmark.',
    spec: { name: 'mlp-reference', layers: [dense(64), dense(64)] },
    hyperparams: { optimizer: adam(), batchSize: 64, epochs: 20, preprocess: 'standardize' },
    inputKind: 'tabular',
  },
  {
    id: 'cnn-reference',
    name: 'Reference CNN',
    description: 'conv 3x3 (16) -> max-pool -> conv 3x3 (32, same) -> max-pool -> dense 64: the CNN of the PyTorch reference benchmark, good for MNIST-sized images.',
    spec: {
      name: 'cnn-reference',
      layers: [
        conv(16, 'valid'),
        { kind: 'maxPool2d', poolSize: 2 },
        conv(32, 'same'),
        { kind: 'maxPool2d', poolSize: 2 },
        { kind: 'flatten' },
        dense(64),
      ],
    },
    hyperparams: { optimizer: adam(), batchSize: 64, epochs: 10, preprocess: 'minmax' },
    inputKind: 'image',
  },
  {
    id: 'resnet-tiny',
    name: 'Tiny ResNet',
    description: 'A conv stem, two residual blocks (the second halves the resolution through a projected shortcut) and global average pooling.',
    spec: {
      name: 'resnet-tiny',
      layers: [
        conv(16, 'same'),
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'residual', activation: 'relu', layers: [conv(16, 'same'), { kind: 'batchNorm', momentum: 0.99 }, conv(16, 'same', 'linear')] },
        { kind: 'residual', activation: 'relu', layers: [conv(32, 'same', 'relu', 2), { kind: 'batchNorm', momentum: 0.99 }, conv(32, 'same', 'linear')] },
        { kind: 'globalAvgPool2d' },
      ],
    },
    hyperparams: { optimizer: adam(), batchSize: 64, epochs: 15, preprocess: 'standardize' },
    inputKind: 'image',
  },
  {
    id: 'attention-tabular',
    name: 'Attention over features',
    description:
      'Embeds the row into 8 tokens of 8 features, lets them attend to each other (2 heads, residual), then a dense layer. ' +
      'Works for any number of columns because the first dense layer fixes the token count.',
    spec: {
      name: 'attention-tabular',
      layers: [
        dense(64),
        { kind: 'reshape', targetShape: [8, 8] },
        { kind: 'residual', activation: 'linear', layers: [{ kind: 'attention', heads: 2, keyDim: 8, dropout: 0.1 }] },
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'flatten' },
        dense(32),
      ],
    },
    hyperparams: { optimizer: adam(), batchSize: 32, epochs: 60, preprocess: 'standardize' },
    inputKind: 'tabular',
  },
  // ---- Text (token ids [maxLength]) and series ([lookback, values]); docs/model-spec.md "Sequences" ----
  {
    id: 'text-transformer',
    name: 'Small transformer encoder',
    description:
      'Token embedding (8,000 ids × 64) with sinusoidal positions, two pre-norm transformer blocks (4 heads, feed-forward 128) ' +
      'and a masked mean over the tokens. For text classification and regression.',
    spec: {
      name: 'text-transformer',
      layers: [
        embedding(),
        { kind: 'positional', mode: 'sinusoidal' },
        transformer(),
        transformer(),
        { kind: 'layerNorm', epsilon: 1e-5 },
        { kind: 'globalPool1d', pool: 'avg' },
      ],
    },
    hyperparams: TEXT_HP,
    inputKind: 'text',
  },
  {
    id: 'text-cnn',
    name: 'Text CNN',
    description: 'Token embedding, 128 convolution filters over 5 tokens and the maximum over the text (Kim 2014): fast and strong on short texts.',
    spec: {
      name: 'text-cnn',
      layers: [embedding(), conv1d(128, 5), { kind: 'globalPool1d', pool: 'max' }, { kind: 'dropout', rate: 0.3 }],
    },
    hyperparams: TEXT_HP,
    inputKind: 'text',
  },
  {
    id: 'text-bilstm',
    name: 'BiLSTM',
    description: 'Token embedding and a bidirectional LSTM of 64 units each way, read from its final states (padding skipped).',
    spec: { name: 'text-bilstm', layers: [embedding(), { kind: 'lstm', units: 64, bidirectional: true, returnSequences: false }] },
    hyperparams: TEXT_HP,
    inputKind: 'text',
  },
  {
    id: 'series-gru',
    name: 'GRU forecaster',
    description: 'A GRU of 64 units over the lookback window, then a dense layer; the head predicts every horizon step at once.',
    spec: { name: 'series-gru', layers: [{ kind: 'gru', units: 64, bidirectional: false, returnSequences: false }, dense(64)] },
    hyperparams: SERIES_HP,
    inputKind: 'series',
  },
  {
    id: 'series-cnn',
    name: 'Temporal CNN',
    description: 'Two 1-D convolutions over the lookback window with pooling between, then dense layers: quick to train, sees weekly and other local patterns.',
    spec: { name: 'series-cnn', layers: [conv1d(32, 5), { kind: 'maxPool1d', poolSize: 2 }, conv1d(32, 3), { kind: 'flatten' }, dense(64)] },
    hyperparams: SERIES_HP,
    inputKind: 'series',
  },
];
