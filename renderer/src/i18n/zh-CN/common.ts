import type { app as enApp, backend as enBackend, common as enCommon, errors as enErrors, nav as enNav, shortcuts as enShortcuts, values as enValues } from '../en/common.ts';
import type { Messages } from '../messages.ts';

export const common: Messages<typeof enCommon> = {
  close: '关闭',
  cancel: '取消',
  delete: '删除',
  open: '打开',
  import: '导入',
  importing: '正在导入…',
  exporting: '正在导出…',
  starting: '正在启动…',
  cancelling: '正在取消…',
  refresh: '刷新',
  none: '无',
  auto: '自动',
  custom: '自定义',
  detect: '自动检测',
  loading: '加载中…',
  name: '名称',
  dataset: '数据集',
  task: '任务',
  status: '状态',
  created: '创建时间',
  epochs: '轮次',
  seed: '随机种子',
  backend: '计算后端',
  parameters: '参数量',
  metric: '指标',
  value: '值',
  run: '运行',
  duration: '耗时',
  step: '步骤',
  listSeparator: '、',
  kb: '{{n}} KB',
  mb: '{{n}} MB',
};

export const app: Messages<typeof enApp> = {
  language: '语言',
  skipToContent: '跳到主要内容',
  mainNav: '主导航',
  shortcuts: '键盘快捷键',
  webConnection: 'Web · {{status}}',
  connection: { connecting: '连接中', open: '已连接', closed: '已断开' },
  desktop: '桌面版',
  reconnecting: '正在重新连接 Modelbench 引擎…',
};

export const nav: Messages<typeof enNav> = {
  datasets: '数据集',
  newRun: '新建运行',
  training: '训练',
  history: '历史记录',
  studies: '超参数研究',
  experiments: '压缩实验',
};

export const shortcuts: Messages<typeof enShortcuts> = {
  title: '键盘快捷键',
  intro: '光标不在文本框中时，单个按键即可生效。所有按钮、输入框和表格行都可以用 Tab 键到达。',
  key: '按键',
  action: '操作',
  goTo: '前往「{{screen}}」',
  search: '聚焦当前页面的搜索或筛选框',
  main: '将焦点移到主要内容',
  help: '显示本列表',
  tab: '下一个 / 上一个控件',
  escape: '关闭本列表或对话框',
};

export const errors: Messages<typeof enErrors> = {
  code: {
    invalid_argument: '参数无效',
    not_found: '未找到',
    bad_data: '数据有误',
    cannot_build: '无法构建模型',
    forbidden_path: '不允许访问该路径',
    forbidden: '不允许此操作',
    conflict: '冲突',
    too_large: '超出大小限制',
    internal: '内部错误',
    disconnected: '连接已断开',
  },
  withDetail: '{{lead}}：{{detail}}',
  disconnected: '与 Modelbench 的连接已断开，请重试。',
  uploadStopped: '上传中断：与 Modelbench 的连接已断开，请重试。',
  uploadRefused: '上传被拒绝（HTTP {{status}}{{detail}}）。',
  uploadTooLarge: '{{file}} 大小为 {{size}}，浏览器最多只能导入 {{limit}} 的文件。请改在运行 Modelbench 的机器上导入：modelbench dataset import FILE',
};

export const values: Messages<typeof enValues> = {
  status: {
    queued: '排队中',
    running: '运行中',
    completed: '已完成',
    failed: '失败',
    diverged: '已发散',
    cancelled: '已取消',
    interrupted: '已中断',
    pruned: '已剪枝',
    pending: '等待中',
    waiting: '等待中',
    done: '完成',
    skipped: '已跳过',
    idle: '未开始',
    finished: '已结束',
    stopped: '已停止',
    complete: '已完成',
  },
  trialState: { waiting: '等待中', running: '运行中', complete: '已完成', pruned: '已剪枝', failed: '失败' },
  direction: { minimize: '最小化', maximize: '最大化' },
  relation: {
    base: '基准',
    pruned: '剪枝',
    'fine-tuned': '微调',
    distilled: '蒸馏',
    transferred: '迁移',
    shrunk: '缩小',
    'trained alongside': '同步训练的对照',
    advised: '按建议修改',
  },
  distribution: { weights: '权重', gradients: '梯度', activations: '激活值' },
  task: { classification: '分类', regression: '回归' },
  source: { csv: 'CSV', idx: 'IDX', images: '图像', sample: '内置样例', upload: '上传' },
};

export const backend: Messages<typeof enBackend> = {
  choice: { auto: '自动', tensorflow: 'TensorFlow（tfjs-node）', webgpu: 'WebGPU（GPU）', wasm: 'WebAssembly（CPU）', cpu: '纯 JavaScript（较慢）' },
  autoUsed: '自动（{{name}}）',
  autoNote: '按顺序选用第一个可用的：tensorflow、硬件 GPU（webgpu）、wasm、cpu。',
  unavailable: '{{label}}：不可用',
  on: '{{backend}}，设备：{{adapter}}',
};
