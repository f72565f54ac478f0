import type { advisor as en } from '../en/advisor.ts';
import type { Messages } from '../messages.ts';

export const advisor: Messages<typeof en> = {
  title: {
    vanishing_gradients: '梯度消失',
    exploding_gradients: '梯度爆炸',
    dead_units: '神经元死亡',
    saturation: '激活饱和',
    overfitting: '过拟合',
    underfitting: '欠拟合',
    lr_too_high: '学习率过高',
    lr_too_low: '学习率过低',
  },
  severity: { serious: '严重', warning: '警告', info: '提示' },
  remedy: {
    vanishing_gradients: '加入残差连接或批归一化，或用 ReLU 系列激活函数代替 sigmoid/tanh。',
    exploding_gradients: '按全局范数做梯度裁剪，或降低学习率。',
    dead_units: '改用 LeakyReLU 或 PReLU，让输出变负的神经元还能恢复，或降低学习率。',
    saturation: '换用其他激活函数（ReLU 系列在正输入上不会饱和），或对输入做标准化。',
    overfitting: '加入 Dropout 或 L2 权重衰减、做数据增强、按验证损失早停，或使用更小的模型。',
    underfitting: '使用更宽或更深的模型、训练更多轮次，或提高学习率。',
    lr_too_high: '降低学习率（先除以 10 是不错的第一步），或做梯度裁剪。',
    lr_too_low: '提高学习率（先乘以 10 是不错的第一步），或改用 Adam 等自适应优化器。',
  },
  change: {
    learningRate: '学习率 {{from}} → {{to}}',
    clip: '按全局范数 {{norm}} 裁剪梯度',
    earlyStopping: '按验证损失早停（耐心 {{patience}} 轮）并保留最佳权重',
    standardise: '对输入做标准化',
    widen: '把每个全连接层和卷积层的宽度加倍',
    activation: '将 {{layer}} 的激活函数改为 {{activation}}',
    addLayers_one: '加入 {{count}} 个{{kind}}',
    addLayers_other: '加入 {{count}} 个{{kind}}',
  },
};
