import type { bundle as enBundle, exportPanel as enExport } from '../en/export.ts';
import type { Messages } from '../messages.ts';

export const exportPanel: Messages<typeof enExport> = {
  exportedTo: '已导出到',
  format: '格式',
  describeOnnx: 'model.onnx（ONNX opset 17）、预处理配置和模型卡片',
  describeOnnxRaw: 'model.onnx（ONNX opset 17，直接接收原始特征）、预处理配置和模型卡片',
  describeTfjs: 'model.json + 权重文件、预处理配置和模型卡片',
  preprocessingHint: 'ONNX 计算图自行对原始输入做缩放（回归任务还会把输出换算回目标值的原始单位）',
  preprocessingInGraph: '将预处理并入计算图',
  exportModel: '导出模型',
  exportBest: '导出最佳模型',
  trialExportedTo: '试验 #{{trial}} 已导出到',
};

export const bundle: Messages<typeof enBundle> = {
  withData: '包含数据集',
  bundling: '正在打包…',
  export: '导出数据包（.mbz）',
  exportHint: '包含记录、指标和模型，可导入到另一个数据文件夹',
  importChoose: '导入数据包（.mbz）…',
  importPlaceholder: '主机上的数据包，例如 exports/run_….mbz',
  importFile: '数据包文件',
  import: '导入数据包',
  importWhere: '数据文件夹内或 --data-dir 文件夹内的路径',
  importWhereHome: '数据文件夹（{{home}}）内或 --data-dir 文件夹内的路径',
  remapped: '以下 ID 在此处已被占用，已重新命名（所有引用随之更新）：',
  section: {
    studies_one: '{{n}} 个研究',
    studies_other: '{{n}} 个研究',
    experiments_one: '{{n}} 个实验',
    experiments_other: '{{n}} 个实验',
    ensembles_one: '{{n}} 个集成模型',
    ensembles_other: '{{n}} 个集成模型',
    runs_one: '{{n}} 次运行',
    runs_other: '{{n}} 次运行',
    metricPoints_one: '{{n}} 个指标点',
    metricPoints_other: '{{n}} 个指标点',
  },
  exportSummary: '{{parts}}；数据集只记录说明，未包含在内（{{size}}）。',
  exportSummaryWithData: '{{parts}}；已包含数据集（{{size}}）。',
  warning: {
    datasetRenamed: '数据集“{{name}}”以“{{renamed}}”的名称添加：此处已有同名的数据集。',
    lineageDropped: '运行 {{run}} 由运行 {{parent}} {{relation}}而来，但该运行既不在包中也不在此处；其谱系链接已略去。',
  },
  importSummary: '已将{{kind}}“{{name}}”导入为 {{id}}：{{parts}}；数据集 {{datasets}}。',
  datasetAdded: '{{name}}（新增）',
  datasetHere: '{{name}}（已存在）',
  kind: { run: '运行', study: '研究', experiment: '实验', ensemble: '集成模型' },
};
