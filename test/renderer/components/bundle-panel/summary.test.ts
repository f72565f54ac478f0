import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleSummary, bundleWarning, importSummary } from '../../../../renderer/src/components/bundle-panel/summary.ts';
import { setLocale } from '../../../../renderer/src/i18n/index.ts';

test('bundle summaries name what moved, in words', () => {
  assert.equal(
    bundleSummary({ file: '/h/exports/s.mbz', bytes: 3 * 1024 * 1024, kind: 'study', id: 'study_1', name: 's', withData: false, contents: { datasets: 1, runs: 12, metricPoints: 1, jobs: { studies: 1 } } }),
    '1 study, 12 runs, 1 metric point; dataset described, not included (3.0 MiB).',
  );
  assert.equal(
    importSummary({
      kind: 'experiment', id: 'exp_2', name: 'prune', remapped: [], warnings: [],
      datasets: [{ id: 'ds_1', name: 'iris', added: true }], counts: { runs: 3, metricPoints: 90, jobs: { experiments: 1 } },
    }),
    "Imported experiment 'prune' as exp_2: 1 experiment, 3 runs; dataset iris added.",
  );
});

test('bundle warnings: English as the engine said them; Chinese by their key, the relation in Chinese, names and ids as they are', () => {
  const renamed = "Dataset 'iris' was added as 'iris (2)': a dataset here already has that name.";
  const lineage = 'Run run_b was pruned from run run_a, which is neither in the bundle nor here; its lineage link is left out.';
  setLocale('en');
  assert.deepEqual([renamed, lineage].map(bundleWarning), [renamed, lineage]);
  try {
    setLocale('zh-CN');
    assert.deepEqual([renamed, lineage, 'something else'].map(bundleWarning), [
      '数据集“iris”以“iris (2)”的名称添加：此处已有同名的数据集。',
      '运行 run_b 由运行 run_a 剪枝而来，但该运行既不在包中也不在此处；其谱系链接已略去。',
      'something else',
    ]);
  } finally {
    setLocale('en');
  }
});
