import type { forecast as enForecast } from '../en/forecast.ts';
import type { Messages } from '../messages.ts';

export const forecast: Messages<typeof enForecast> = {
  title: '预测',
  intro: '模型读取回看窗口，预测未来的预测范围。每次显示数据划分中的一个窗口；它的误差和按预测步的误差都以目标值的原始单位表示。',
  history: '历史',
  truth: '真实值',
  prediction: '预测值',
  mae: '平均绝对误差（MAE）',
  stepAhead: '预测步数',
  maeByStep: '各预测步的 MAE',
  overall: '该划分全部 {{total}} 个窗口的 MAE：{{mae}}',
  window: '第 {{n}} 个窗口，共 {{total}} 个',
  windowMae: '平均绝对误差 {{mae}}',
  ranked: '第 {{n}} 个 · 平均绝对误差 {{mae}}',
  place: '读取第 {{from}}–{{to}} 步，预测第 {{first}}–{{last}} 步（序列起点 {{start}}）',
  placeInSeries: '序列 {{series}}：读取第 {{from}}–{{to}} 步，预测第 {{first}}–{{last}} 步（序列起点 {{start}}）',
  previous: '上一个窗口',
  next: '下一个窗口',
  goTo: '窗口编号',
  best: '误差最小的窗口',
  worst: '误差最大的窗口',
  loading: '正在预测…',
  chartLabel: '第 {{n}} 个窗口的历史、真实值和预测值',
};
