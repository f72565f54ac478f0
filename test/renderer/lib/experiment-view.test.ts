import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentLineage, experimentRunIds, primaryMetric, restrictLineage, sparsityCurves, stepLabel, stepRelation, stepSparsity, tradeoffPoints, tradeoffPointsAcross } from '../../../renderer/src/lib/experiment-view.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';
import { formatStepLabel } from '../../../main/compression/step-label.ts';
import { experiment, size, step } from './experiment-fixtures.ts';

const baseline = step(0, 'baseline', { runId: 'base', size: size(1000), metrics: { val: { accuracy: 0.95 } } });

test('accuracy is the metric when there is one, then r2, then any non-loss metric', () => {
  assert.equal(primaryMetric([step(0, 'baseline')]), 'accuracy');
  assert.equal(primaryMetric([step(0, 'baseline', { metrics: { val: { r2: 0.5, mse: 1 } } })]), 'r2');
  assert.equal(primaryMetric([step(0, 'baseline', { metrics: { val: { mse: 1, loss: 1 } } })]), 'mse');
  assert.equal(primaryMetric([step(0, 'baseline', { metrics: {} })]), null);
});

test('trade-off points come from completed steps with their size and latency', () => {
  const e = experiment('e1', 'prune', [baseline, step(1, 'pruned', { size: size(1000, 500, 1) }), step(2, 'pruned', { status: 'running' })]);
  const pts = tradeoffPoints(e, 'accuracy');
  assert.equal(pts.length, 2);
  assert.deepEqual(pts[0], { id: '0', label: '#0 baseline', value: 0.95, params: 1000, nonZeroParams: 1000, flops: 2000, latencyMs: 2, baseline: true });
  assert.equal(pts[1].nonZeroParams, 500);
  assert.equal(pts[1].baseline, false);
});

test('across a sweep every model is one point, the shared baseline once', () => {
  const a = experiment('a', 'prune', [baseline, step(1, 'pruned', { runId: 'ra', label: 'magnitude 50%' })]);
  const b = experiment('b', 'prune', [baseline, step(1, 'pruned', { runId: 'rb', label: 'magnitude 90%' })]);
  const pts = tradeoffPointsAcross([a, b], 'accuracy');
  assert.deepEqual(pts.map((p) => [p.id, p.label, p.baseline]), [['base', 'baseline', true], ['ra', 'magnitude 50%', false], ['rb', 'magnitude 90%', false]]);
});

test('sparsity is measured for magnitude pruning and relative to the baseline for structured pruning', () => {
  const magnitude = step(1, 'pruned', { sparsity: { sparsity: 0.62, zeros: 62, total: 100, layers: [] } });
  assert.equal(stepSparsity(magnitude, baseline), 0.62);
  const structured = step(1, 'pruned', { size: size(250) });
  assert.equal(stepSparsity(structured, baseline), 0.75);
  assert.equal(stepSparsity(baseline, undefined), 0);
  assert.equal(stepSparsity(step(1, 'pruned'), undefined), null);
});

test('sparsity curves gather prune experiments on a base, one baseline point, one curve per method', () => {
  const mk = (id: string, method: string, s: number, acc: number) =>
    experiment(id, 'prune', [baseline, step(1, 'pruned', { runId: `r-${id}`, label: `${s}`, sparsity: { sparsity: s, zeros: 0, total: 0, layers: [] }, metrics: { val: { accuracy: acc } } })], { config: { method } });
  const curves = sparsityCurves([mk('a', 'magnitude', 0.5, 0.94), mk('b', 'magnitude', 0.9, 0.8), mk('c', 'structured', 0.3, 0.9), experiment('d', 'shrink', [baseline])], 'b', 'accuracy');
  assert.deepEqual(curves.map((c) => c.name), ['magnitude pruning', 'structured pruning']);
  const mag = curves[0].points;
  assert.deepEqual(mag.map((p) => [p.sparsity, p.value, p.label]), [[0, 0.95, 'baseline'], [0.5, 0.94, '0.5'], [0.9, 0.8, '0.9']]);
  assert.deepEqual(mag.map((p) => Boolean(p.current)), [false, false, true]);
});

test('relations follow the step kind; transfer labels tell fine-tuning from transfer', () => {
  assert.equal(stepRelation(step(1, 'pruned')), 'pruned');
  assert.equal(stepRelation(step(1, 'candidate')), 'shrunk');
  assert.equal(stepRelation(step(1, 'distilled')), 'distilled');
  assert.equal(stepRelation(step(1, 'transferred', { label: 'fine-tuned, 0 frozen' })), 'fine-tuned');
  assert.equal(stepRelation(step(1, 'transferred', { label: 'transferred, 2 frozen' })), 'transferred');
  assert.equal(stepRelation(step(1, 'student')), 'trained alongside');
  assert.equal(stepRelation(baseline), null);
});

test('lineage chains experiments through shared runs and keeps only the connected part', () => {
  const prune = experiment('p', 'prune', [baseline, step(1, 'pruned', { runId: 'pruned-run' })], { createdAt: '2026-01-01T00:00:00Z' });
  const distill = experiment('d', 'distill', [
    step(0, 'baseline', { runId: 'pruned-run' }),
    step(1, 'student', { runId: 'student-run' }),
    step(2, 'distilled', { runId: 'distilled-run' }),
    step(3, 'distilled', { runId: 'failed-run', status: 'failed' }),
  ], { createdAt: '2026-01-02T00:00:00Z' });
  const other = experiment('o', 'prune', [step(0, 'baseline', { runId: 'elsewhere' }), step(1, 'pruned', { runId: 'elsewhere-pruned' })]);
  const g = experimentLineage([distill, other, prune], { base: 'mlp', 'pruned-run': 'mlp · 50%' }, { metric: 'accuracy', focusRunIds: ['base'], currentRunIds: ['distilled-run'] });
  assert.deepEqual(g.nodes.map((n) => n.id), ['base', 'pruned-run', 'student-run', 'distilled-run']);
  assert.deepEqual(g.nodes.map((n) => n.label), ['mlp', '50%', 'student', 'distilled']);
  assert.deepEqual(g.edges.map((e) => `${e.from}>${e.to}:${e.relation}`), ['base>pruned-run:pruned', 'pruned-run>student-run:trained alongside', 'pruned-run>distilled-run:distilled']);
  assert.equal(g.nodes.find((n) => n.id === 'distilled-run')?.current, true);
  assert.equal(experimentLineage([distill, other, prune], {}).nodes.length, 6);
  // A derived run's name repeats its parent's; the graph shows only what was done.
  const short = experimentLineage([prune], { base: 'mlp', 'pruned-run': 'mlp · magnitude 50%' });
  assert.deepEqual(short.nodes.map((n) => n.label), ['mlp', 'magnitude 50%']);
});

test('by default the lineage shows the runs of the experiment; the family is one toggle away', () => {
  const sweep = ['a', 'b', 'c'].map((id, i) => experiment(id, 'prune', [baseline, step(1, 'pruned', { runId: `pruned-${id}` })], { createdAt: `2026-01-0${i + 1}T00:00:00Z` }));
  const chained = experiment('f', 'finetune', [step(0, 'baseline', { runId: 'pruned-b' }), step(1, 'transferred', { runId: 'tuned-b', label: 'fine-tuned, 0 frozen' })], { createdAt: '2026-01-05T00:00:00Z' });
  const [shown, ...others] = [sweep[1], sweep[0], sweep[2], chained];
  const familyGraph = experimentLineage([shown, ...others], {}, { focusRunIds: experimentRunIds(shown) });
  assert.deepEqual(familyGraph.nodes.map((n) => n.id).sort(), ['base', 'pruned-a', 'pruned-b', 'pruned-c', 'tuned-b']);
  const own = restrictLineage(familyGraph, experimentRunIds(shown));
  assert.deepEqual(own.nodes.map((n) => n.id), ['base', 'pruned-b']);
  assert.deepEqual(own.edges.map((e) => `${e.from}>${e.to}`), ['base>pruned-b']);
});

/** Composed labels the engine stores, as the drivers and the shrink search write them. */
const COMPOSED = [
  'remove layer 2 (dense)', 'remove layers 1-2 (conv2d + maxPool2d)', 'width ×0.75', 'swap layer 5 flatten → globalAvgPool2d', 'swap layer 1 kernel 5 → 3',
  'magnitude gradual layer 50%', 'structured l1 12.5%', 'fine-tuned, 2 frozen', 'transferred, 0 frozen', 'distilled (T=4, α=0.7)', 'source', 'imported model',
];

test('step labels: English shows the engine\'s label as stored', () => {
  setLocale('en');
  for (const label of [...COMPOSED, 'baseline', 'my own words']) assert.equal(stepLabel(label), label);
});

test('step labels: Chinese says every kind by its parameters, numbers and layer kinds in Chinese; unknown text as it is', () => {
  try {
    setLocale('zh-CN');
    assert.deepEqual(COMPOSED.map(stepLabel), [
      '移除第 2 层（全连接层）', '移除第 1–2 层（二维卷积层 + 二维最大池化）', '宽度 ×0.75', '第 5 层：展平层 → 全局平均池化', '第 1 层：卷积核 5 → 3',
      '幅值剪枝（渐进式、逐层）50%', '结构化剪枝（L1）12.5%', '微调，冻结 2 层', '迁移，冻结 0 层', '蒸馏（T=4，α=0.7）', '源模型', '导入的模型',
    ]);
    assert.equal(stepLabel('baseline'), '基准');
    assert.deepEqual(['teacher', 'teacher (ensemble)', 'student alone', 'from scratch'].map(stepLabel), ['教师模型', '教师模型（集成）', '单独训练的学生模型', '从头训练']);
    assert.equal(stepLabel(formatStepLabel({ key: 'magnitude', params: { schedule: 'oneshot', scope: 'global', percent: 80 } })), '幅值剪枝（一次性、全局）80%');
    assert.equal(stepLabel('my own words'), 'my own words');
  } finally {
    setLocale('en');
  }
});
