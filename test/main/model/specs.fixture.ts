/** Varied specs shared by the model tests: each with an input shape it builds on. */
import type { ModelSpec, Task } from '../../../main/api/schemas.ts';

export type SpecCase = { name: string; spec: ModelSpec; inputShape: number[]; outputUnits: number; task: Task };

const img = [8, 8, 1];

export const SPEC_CASES: SpecCase[] = [
  { name: 'empty (logistic regression)', spec: { layers: [] }, inputShape: [4], outputUnits: 3, task: 'classification' },
  {
    name: 'mlp',
    spec: { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }, { kind: 'dense', units: 6, activation: 'tanh', useBias: false }] },
    inputShape: [5],
    outputUnits: 1,
    task: 'regression',
  },
  {
    name: 'mlp with batchNorm, dropout, L2, leaky_relu',
    spec: {
      layers: [
        { kind: 'dense', units: 8, activation: 'leaky_relu', useBias: true, regularizer: { l1: 0, l2: 1e-3 } },
        { kind: 'batchNorm', momentum: 0.9 },
        { kind: 'dropout', rate: 0.2 },
        { kind: 'flatten' },
      ],
    },
    inputShape: [4],
    outputUnits: 2,
    task: 'classification',
  },
  {
    name: 'cnn valid/same/strides + pools',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 3, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'maxPool2d', poolSize: 2 },
        { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'elu', useBias: true },
        { kind: 'avgPool2d', poolSize: 2, strides: 1 },
        { kind: 'flatten' },
        { kind: 'dense', units: 5, activation: 'sigmoid', useBias: true },
      ],
    },
    inputShape: [11, 9, 2],
    outputUnits: 3,
    task: 'classification',
  },
  {
    name: 'cnn with prelu and batchNorm + globalAvgPool',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'prelu', useBias: false },
        { kind: 'batchNorm', momentum: 0.99 },
        { kind: 'activation', activation: 'prelu' },
        { kind: 'globalAvgPool2d' },
        { kind: 'dense', units: 4, activation: 'prelu', useBias: true },
      ],
    },
    inputShape: img,
    outputUnits: 2,
    task: 'classification',
  },
  {
    name: 'residual dense with projection',
    spec: {
      layers: [
        { kind: 'dense', units: 6, activation: 'relu', useBias: true },
        { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 6, activation: 'relu', useBias: true }] },
        { kind: 'residual', activation: 'linear', layers: [{ kind: 'dense', units: 4, activation: 'tanh', useBias: true }] },
      ],
    },
    inputShape: [3],
    outputUnits: 1,
    task: 'regression',
  },
  {
    name: 'residual conv with strided projection',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
        {
          kind: 'residual',
          activation: 'relu',
          layers: [
            { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
            { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'linear', useBias: true },
          ],
        },
        {
          kind: 'residual',
          activation: 'prelu',
          layers: [{ kind: 'conv2d', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', useBias: true }],
        },
        { kind: 'globalAvgPool2d' },
      ],
    },
    inputShape: [9, 7, 2],
    outputUnits: 3,
    task: 'classification',
  },
  {
    name: 'attention on tokens (reshape + dense per token)',
    spec: {
      layers: [
        { kind: 'reshape', targetShape: [3, 2] },
        { kind: 'dense', units: 4, activation: 'relu', useBias: true },
        { kind: 'attention', heads: 2, keyDim: 3, dropout: 0.1 },
        { kind: 'residual', activation: 'linear', layers: [{ kind: 'attention', heads: 1, keyDim: 2, dropout: 0 }] },
        { kind: 'flatten' },
      ],
    },
    inputShape: [6],
    outputUnits: 2,
    task: 'classification',
  },
  {
    name: 'attention on an image',
    spec: {
      layers: [
        { kind: 'conv2d', filters: 3, kernelSize: 2, strides: 2, padding: 'valid', activation: 'relu', useBias: true },
        { kind: 'attention', heads: 2, keyDim: 2, dropout: 0 },
        { kind: 'flatten' },
      ],
    },
    inputShape: [6, 6, 1],
    outputUnits: 2,
    task: 'classification',
  },
  {
    name: 'reshape tabular to image',
    spec: {
      layers: [
        { kind: 'reshape', targetShape: [4, 4, 1] },
        { kind: 'conv2d', filters: 2, kernelSize: 2, strides: 1, padding: 'valid', activation: 'softmax', useBias: true },
        { kind: 'maxPool2d', poolSize: 3 },
        { kind: 'flatten' },
        { kind: 'activation', activation: 'leaky_relu' },
      ],
    },
    inputShape: [16],
    outputUnits: 1,
    task: 'regression',
  },
  {
    name: 'token residual with dense projection',
    spec: {
      layers: [
        { kind: 'reshape', targetShape: [2, 3] },
        { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 5, activation: 'relu', useBias: true }, { kind: 'batchNorm', momentum: 0.9 }] },
        { kind: 'flatten' },
      ],
    },
    inputShape: [6],
    outputUnits: 2,
    task: 'classification',
  },
];
