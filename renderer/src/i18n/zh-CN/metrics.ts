import type { metrics as en } from '../en/metrics.ts';
import type { Messages } from '../messages.ts';

export const metrics: Messages<typeof en> = {
  name: {
    loss: '损失',
    accuracy: '准确率',
    f1: 'F1',
    precision: '精确率',
    recall: '召回率',
    mse: 'MSE',
    mae: 'MAE',
    r2: 'R²',
    latency_ms: '延迟（ms）',
    param_count: '参数量',
    flops: 'FLOPs',
    lr: '学习率',
    params: '参数量',
  },
  split: { val: '验证集{{metric}}', test: '测试集{{metric}}', train: '训练集{{metric}}' },
  splitName: { val: '验证集', test: '测试集', train: '训练集' },
  onSplit: '{{split}}{{metric}}',
};
