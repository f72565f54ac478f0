import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleSummary, importSummary } from '../../../../renderer/src/components/bundle-panel/summary.ts';

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
