import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampPage, DEFAULT_QUERY, pageCount, toggleSort, toListParams, withFilter } from '../../../renderer/src/lib/history-query.ts';

test('maps pages to offset/limit and only sends set filters', () => {
  assert.deepEqual(toListParams(DEFAULT_QUERY), { offset: 0, limit: 50, sort: 'createdAt', order: 'desc' });
  const q = { ...DEFAULT_QUERY, page: 3, status: 'completed' as const, datasetId: 'd1', search: '  mlp ' };
  assert.deepEqual(toListParams(q), { offset: 150, limit: 50, sort: 'createdAt', order: 'desc', status: 'completed', datasetId: 'd1', search: 'mlp' });
});

test('sorting toggles order and resets the page', () => {
  const a = toggleSort({ ...DEFAULT_QUERY, page: 4 }, 'valAccuracy');
  assert.deepEqual([a.sort, a.order, a.page], ['valAccuracy', 'desc', 0]);
  assert.equal(toggleSort(a, 'valAccuracy').order, 'asc');
  assert.equal(toggleSort(a, 'name').order, 'asc');
  assert.equal(toggleSort(a, 'valLoss').order, 'asc');
  // Regression columns: the best first, R² highest and MSE lowest.
  assert.equal(toggleSort(a, 'valR2').order, 'desc');
  assert.equal(toggleSort(a, 'valMse').order, 'asc');
  assert.deepEqual(toListParams({ ...DEFAULT_QUERY, sort: 'valMse', order: 'asc', status: 'pruned' }), { offset: 0, limit: 50, sort: 'valMse', order: 'asc', status: 'pruned' });
});

test('filters reset the page; pages are clamped at 10,000 runs', () => {
  assert.equal(withFilter({ ...DEFAULT_QUERY, page: 9 }, { search: 'x' }).page, 0);
  assert.equal(pageCount(10_000, 50), 200);
  assert.equal(pageCount(0, 50), 1);
  assert.equal(clampPage({ ...DEFAULT_QUERY, page: 500 }, 10_000).page, 199);
});
