import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { listSql } from '../../../db/sqlite/run-list.ts';
import { createSqliteStore, type SqliteStore } from '../../../db/sqlite/index.ts';
import { RUN_SORT_KEYS, RUN_STATUSES, type RunListQuery, type RunRecord } from '../../../main/api/schemas.ts';
import { createRunStore } from '../../../db/sqlite/runs.ts';
import { makeDataset, makeRun, tempDir } from '../helpers.ts';

type Q = RunListQuery;
const q = (over: Partial<Q> = {}): Q => ({ offset: 0, limit: 500, sort: 'createdAt', order: 'desc', ...over });

const NAMES = ['alpha', 'Beta', 'beta', 'gamma', 'Delta', 'zq-probe', 'Größe mlp', 'drop 50% units', 'under_score'];

/** 45 runs with ties, NULLs and mixed case in every sortable field. */
function fixtureRuns(): RunRecord[] {
  return Array.from({ length: 45 }, (_, i) => {
    const acc = i % 5 === 0 ? undefined : ((i * 37) % 11) / 10;
    return makeRun(`run-${String(i).padStart(3, '0')}`, i % 3 === 0 ? 'ds-digits' : 'ds-iris', {
      name: NAMES[i % NAMES.length],
      status: RUN_STATUSES[i % RUN_STATUSES.length],
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, (i * 7) % 13)).toISOString(),
      paramCount: (i % 4) * 100,
      durationMs: i % 6 === 0 ? null : ((i * 13) % 7) * 1000,
      metrics: acc === undefined ? {} : { val: {
        accuracy: acc, loss: 1 - acc, ...(i % 4 === 0 ? {} : { f1: acc / 2 }),
        // Regression metrics on some runs, with ties: R² can be negative, MSE not.
        ...(i % 3 === 1 ? { r2: acc - 0.5, mse: (i % 4) / 3 } : {}),
      } },
      notes: i === 7 ? 'A Special note' : '',
      tags: i % 10 === 1 ? ['cnn', 'sweep'] : [],
    });
  });
}

const SORT_VALUE: Record<Q['sort'], (r: RunRecord) => string | number | null> = {
  createdAt: (r) => r.createdAt,
  name: (r) => r.name.replace(/[A-Z]/g, (c) => c.toLowerCase()), // NOCASE folds ASCII only
  status: (r) => r.status,
  valAccuracy: (r) => r.metrics.val?.accuracy ?? null,
  valF1: (r) => r.metrics.val?.f1 ?? null,
  valLoss: (r) => r.metrics.val?.loss ?? null,
  valR2: (r) => r.metrics.val?.r2 ?? null,
  valMse: (r) => r.metrics.val?.mse ?? null,
  paramCount: (r) => r.paramCount,
  durationMs: (r) => r.durationMs,
};

/** The documented order: by key (NULLs last either way), status ties by createdAt, then insertion order. */
function expectedOrder(runs: RunRecord[], sort: Q['sort'], order: Q['order']): string[] {
  const dir = order === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return runs
    .map((r, seq) => ({ r, seq, v: SORT_VALUE[sort](r) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        if (a.v !== null || b.v !== null) return a.v === null ? 1 : -1;
      } else if (a.v !== b.v) return dir * cmp(a.v, b.v);
      if (sort === 'status' && a.r.createdAt !== b.r.createdAt) return dir * cmp(a.r.createdAt, b.r.createdAt);
      return dir * (a.seq - b.seq);
    })
    .map((x) => x.r.id);
}

describe('runs.list', () => {
  const tmp = tempDir();
  let store: SqliteStore;
  const runs = fixtureRuns();
  const datasetName = (r: RunRecord) => (r.datasetId === 'ds-digits' ? 'Digits' : 'Iris');
  before(async () => {
    store = createSqliteStore(join(tmp.dir, 'modelbench.db'));
    await store.datasets.insert(makeDataset('ds-iris', { name: 'Iris' }));
    await store.datasets.insert(makeDataset('ds-digits', { name: 'Digits' }));
    for (const r of runs) await store.runs.insert({ record: r, artifactDir: `/runs/${r.id}`, ownerId: null });
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  test('items are full RunRecords with the dataset name joined', async () => {
    const page = await store.runs.list(q({ limit: 500 }));
    assert.equal(page.total, runs.length);
    const byId = new Map(page.items.map((r) => [r.id, r]));
    for (const r of runs) assert.deepEqual(byId.get(r.id), { ...r, datasetName: datasetName(r), ownerId: null });
  });

  for (const sort of RUN_SORT_KEYS) {
    for (const order of ['asc', 'desc'] as const) {
      test(`sort ${sort} ${order}`, async () => {
        const got = (await store.runs.list(q({ sort, order }))).items.map((r) => r.id);
        assert.deepEqual(got, expectedOrder(runs, sort, order));
      });
    }
  }

  test('every unfiltered sort reads an index instead of sorting the table', async () => {
    for (const sort of RUN_SORT_KEYS) {
      for (const order of ['asc', 'desc'] as const) {
        const plan = store.db.prepare(`EXPLAIN QUERY PLAN ${listSql({ sort, order }, undefined).page}`).all({ limit: 1, offset: 0 });
        const text = plan.map((p) => (p as { detail: string }).detail).join('; ');
        assert.doesNotMatch(text, /TEMP B-TREE/, `${sort} ${order}: ${text}`);
      }
    }
  });

  test('paging walks the whole ordered list without overlap or gaps', async () => {
    for (const sort of ['valAccuracy', 'name'] as const) {
      const all: string[] = [];
      for (let offset = 0; offset < runs.length + 7; offset += 7) {
        const page = await store.runs.list(q({ sort, order: 'asc', offset, limit: 7 }));
        assert.equal(page.total, runs.length);
        assert.ok(page.items.length <= 7);
        all.push(...page.items.map((r) => r.id));
      }
      assert.deepEqual(all, expectedOrder(runs, sort, 'asc'));
    }
  });

  test('filters by status and dataset, with a matching total', async () => {
    for (const status of RUN_STATUSES) {
      for (const datasetId of [undefined, 'ds-iris']) {
        const expected = expectedOrder(runs.filter((r) => r.status === status && (!datasetId || r.datasetId === datasetId)), 'createdAt', 'desc');
        const page = await store.runs.list(q({ status, datasetId, limit: 3 }));
        assert.equal(page.total, expected.length);
        assert.deepEqual(page.items.map((r) => r.id), expected.slice(0, 3));
      }
    }
  });

  test('search: case-insensitive substring over name, id, notes, tags and dataset name', async () => {
    const matches = (r: RunRecord, s: string) =>
      [r.name, r.id, r.notes, r.tags.join(' '), datasetName(r)].some((t) => t.toLowerCase().includes(s.toLowerCase()));
    // 3+ characters go through the trigram index, shorter ones through LIKE; both must agree with this oracle.
    for (const s of ['BETA', 'digits', 'run-01', 'special NOTE', 'cnn', 'zq', 'Q', '50%', '%', '_', 'er_', 'grö', 'nothing-like-this', 'a']) {
      const expected = expectedOrder(runs.filter((r) => matches(r, s)), 'createdAt', 'desc');
      const page = await store.runs.list(q({ search: s }));
      assert.deepEqual(page.items.map((r) => r.id), expected, `search ${JSON.stringify(s)}`);
      assert.equal(page.total, expected.length);
    }
    assert.equal((await store.runs.list(q({ search: '   ' }))).total, runs.length);
  });

  test('search combines with filters and follows updates and deletes', async () => {
    const page = await store.runs.list(q({ search: 'beta', datasetId: 'ds-digits', status: 'queued' }));
    const expected = runs.filter((r) => r.name.toLowerCase() === 'beta' && r.datasetId === 'ds-digits' && r.status === 'queued');
    assert.equal(page.total, expected.length);

    await store.runs.update('run-044', { notes: 'Contains xylophone', tags: ['tagged-later'] });
    assert.deepEqual((await store.runs.list(q({ search: 'XYLO' }))).items.map((r) => r.id), ['run-044']);
    assert.deepEqual((await store.runs.list(q({ search: 'tagged-later' }))).items.map((r) => r.id), ['run-044']);
    await store.runs.delete('run-044');
    assert.equal((await store.runs.list(q({ search: 'xylo' }))).total, 0);
  });
});

describe('runs.list with 10,000 runs', () => {
  const tmp = tempDir();
  let store: SqliteStore;
  const N = 10_000;
  before(async () => {
    store = createSqliteStore(join(tmp.dir, 'big.db'));
    await store.datasets.insert(makeDataset('ds', { name: 'Iris' }));
    const t0 = performance.now();
    // Bulk fixture: the synchronous SQLite run store inside one transaction.
    const sync = createRunStore(store.db);
    store.db.transaction(() => {
      for (let i = 0; i < N; i++) {
        const acc = i % 10 === 0 ? undefined : (i * 7919) % 1000 / 1000;
        sync.insert({
          record: makeRun(`r${i}`, 'ds', {
            name: `sweep ${i}`,
            status: RUN_STATUSES[i % RUN_STATUSES.length],
            createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
            metrics: acc === undefined ? {} : { val: { accuracy: acc, loss: 1 - acc } },
          }),
          artifactDir: `/runs/r${i}`,
          ownerId: null,
        });
      }
    })();
    console.log(`inserted ${N} runs in ${(performance.now() - t0).toFixed(0)} ms`);
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  test('a deep page sorted by val accuracy', async () => {
    const t0 = performance.now();
    const page = await store.runs.list(q({ sort: 'valAccuracy', order: 'desc', offset: 5000, limit: 50 }));
    console.log(`page (valAccuracy desc, offset 5000) in ${(performance.now() - t0).toFixed(1)} ms`);
    assert.equal(page.total, N);
    assert.equal(page.items.length, 50);
    const accs = page.items.map((r) => r.metrics.val!.accuracy);
    for (let i = 1; i < accs.length; i++) assert.ok(accs[i - 1] >= accs[i]);

    const last = await store.runs.list(q({ sort: 'valAccuracy', order: 'asc', offset: N - 5, limit: 50 }));
    assert.equal(last.items.length, 5);
    assert.ok(last.items.every((r) => r.metrics.val === undefined), 'runs without val accuracy come last');
  });

  test('filtered and searched pages', async () => {
    let t0 = performance.now();
    const filtered = await store.runs.list(q({ status: 'failed', offset: 100, limit: 20 }));
    console.log(`page (status filter) in ${(performance.now() - t0).toFixed(1)} ms`);
    assert.equal(filtered.total, Math.ceil((N - 3) / RUN_STATUSES.length));
    assert.ok(filtered.items.every((r) => r.status === 'failed'));

    t0 = performance.now();
    const searched = await store.runs.list(q({ search: 'sweep 999' }));
    console.log(`page (search "sweep 999") in ${(performance.now() - t0).toFixed(1)} ms`);
    // "sweep 999", "sweep 9990" ... "sweep 9999"
    assert.equal(searched.total, 11);
    assert.equal(searched.items[0].id, 'r9999');
  });
});
