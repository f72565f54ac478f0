import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSqliteStore, type SqliteStore } from '../../../db/sqlite/index.ts';
import type { MetricPoint } from '../../../main/api/schemas.ts';
import { makeDataset, makeRun, tempDir } from '../helpers.ts';

const series = (name: string, split: MetricPoint['split'], n: number): MetricPoint[] =>
  Array.from({ length: n }, (_, epoch) => ({ epoch, split, name, value: epoch / n }));

describe('metrics', () => {
  const tmp = tempDir();
  let store: SqliteStore;
  // Series of very different lengths: longer, equal to, and shorter than maxPoints.
  const lengths = { loss_train: 1000, loss_val: 50, accuracy_val: 7, f1_val: 51 } as const;
  before(async () => {
    store = createSqliteStore(join(tmp.dir, 'modelbench.db'));
    await store.datasets.insert(makeDataset('ds'));
    await store.runs.insert({ record: makeRun('r', 'ds'), artifactDir: '/runs/r', ownerId: null });
    await store.runs.insert({ record: makeRun('other', 'ds'), artifactDir: '/runs/other', ownerId: null });
    const points = [
      ...series('loss', 'train', lengths.loss_train),
      ...series('loss', 'val', lengths.loss_val),
      ...series('accuracy', 'val', lengths.accuracy_val),
      ...series('f1', 'val', lengths.f1_val),
    ];
    await store.metrics.append('r', points.reverse()); // order of arrival must not matter
    await store.metrics.append('other', series('loss', 'train', 10));
  });
  after(async () => {
    await store.close();
    tmp.cleanup();
  });

  const groups = (points: MetricPoint[]) => {
    const m = new Map<string, MetricPoint[]>();
    for (const p of points) {
      const k = `${p.name}_${p.split}`;
      m.set(k, [...(m.get(k) ?? []), p]);
    }
    return m;
  };

  test('without maxPoints: everything of this run, ordered by name, split, epoch', async () => {
    const points = await store.metrics.get('r');
    assert.equal(points.length, 1000 + 50 + 7 + 51);
    const keys = points.map((p) => [p.name, p.split, p.epoch] as const);
    const sorted = [...keys].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] - b[2]));
    assert.deepEqual(keys, sorted);
    assert.equal((await store.metrics.get('other')).length, 10);
    assert.deepEqual(await store.metrics.get('nobody'), []);
  });

  for (const maxPoints of [2, 3, 10, 50, 999, 5000]) {
    test(`maxPoints ${maxPoints}: bounded, first and last kept, evenly spread`, async () => {
      const full = groups(await store.metrics.get('r'));
      const thin = groups(await store.metrics.get('r', maxPoints));
      assert.deepEqual([...thin.keys()].sort(), [...full.keys()].sort());
      for (const [k, pts] of thin) {
        const all = full.get(k)!;
        if (all.length <= maxPoints) {
          assert.deepEqual(pts, all, `${k} is short enough to stay whole`);
          continue;
        }
        assert.equal(pts.length, maxPoints, k);
        assert.deepEqual(pts[0], all[0]);
        assert.deepEqual(pts[pts.length - 1], all[all.length - 1]);
        // Even spread: gaps between kept epochs differ by at most one.
        const gaps = pts.slice(1).map((p, i) => p.epoch - pts[i].epoch);
        assert.ok(Math.max(...gaps) - Math.min(...gaps) <= 1, `${k} gaps ${Math.min(...gaps)}..${Math.max(...gaps)}`);
        // Every kept point is a real one.
        for (const p of pts) assert.deepEqual(p, all[p.epoch]);
      }
    });
  }

  test('maxPoints below 2 still keeps first and last', async () => {
    const pts = (await store.metrics.get('r', 1)).filter((p) => p.name === 'loss' && p.split === 'train');
    assert.deepEqual(pts.map((p) => p.epoch), [0, 999]);
  });

  test('a large batch goes in as one transaction', async () => {
    await store.runs.insert({ record: makeRun('big', 'ds'), artifactDir: '/runs/big', ownerId: null });
    const batch = ['loss', 'accuracy', 'f1', 'precision', 'recall'].flatMap((n) =>
      (['train', 'val'] as const).flatMap((s) => series(n, s, 10_000)),
    );
    const t0 = performance.now();
    await store.metrics.append('big', batch);
    console.log(`appended ${batch.length} points in ${(performance.now() - t0).toFixed(0)} ms`);
    assert.equal((await store.metrics.get('big')).length, batch.length);
    // A bad point (split outside the CHECK) rolls the whole batch back.
    const bad = [...series('x', 'train', 100), { epoch: 0, split: 'oops' as 'train', name: 'x', value: 1 }];
    await assert.rejects(store.metrics.append('big', bad), /CHECK/);
    assert.equal((await store.metrics.get('big')).filter((p) => p.name === 'x').length, 0);
  });
});
