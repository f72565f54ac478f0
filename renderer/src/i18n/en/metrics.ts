/** Metric names: English keeps the engine's own names, which are also what configs use. */
export const metrics = {
  name: {
    loss: 'loss',
    accuracy: 'accuracy',
    f1: 'f1',
    precision: 'precision',
    recall: 'recall',
    mse: 'mse',
    mae: 'mae',
    r2: 'r2',
    latency_ms: 'latency_ms',
    param_count: 'param_count',
    flops: 'flops',
    lr: 'lr',
    params: 'params',
  },
  split: { val: 'val_{{metric}}', test: 'test_{{metric}}', train: 'train_{{metric}}' },
  splitName: { val: 'val', test: 'test', train: 'train' },
  onSplit: '{{split}} {{metric}}',
};
