import type { compare as en } from '../en/compare.ts';
import type { Messages } from '../messages.ts';

export const compare: Messages<typeof en> = {
  title: '对比',
  intro_one: '并排对比 {{count}} 次运行。',
  intro_other: '并排对比 {{count}} 次运行。',
  valCurves: '验证集曲线',
  trainCurves: '训练集曲线',
  xAxis: '横轴',
  xEpoch: '横轴：轮次',
  xProgress: '横轴：各运行的进度 %',
  logY: '纵轴取对数',
  back: '← 历史记录',
  selectTwo: '在历史记录中选择两次或更多运行进行对比。',
  notComparable: '不能直接比较。',
  noBest: '指标仅并排列出，不标记最佳值。',
  differentDatasets: '这些运行使用了 {{count}} 个不同的数据集（{{names}}）。',
  mixedTasks: '其中混有分类和回归任务，两者的指标含义不同。',
  emptyList: '无',
  hoverHint: '鼠标悬停可突出某条曲线；点击图例中的名称可隐藏或显示该运行。',
  chartLabel: '各运行的{{metric}}',
  finalMetrics: '最终指标',
  configDiff: '配置差异',
  identical: '各运行的配置完全相同。',
  setting: '配置项',
};
