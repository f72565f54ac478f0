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

const adam = (learningRate = 0.001) => ({ kind: 'adam' as const, learningRate, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });

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
];
