/** Per-epoch metric points: the bulk of the database (millions of rows), so writes are batched. */
import type { MetricPoint } from '../../main/api/schemas.ts';
import type { MetricStore } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

const CHUNK = 100;

type Row = { epoch: number; split: MetricPoint['split']; name: string; value: number | null };

// SQLite stores NaN as NULL; a NULL value can only have been a NaN.
const toPoint = (r: Row): MetricPoint => ({ epoch: r.epoch, split: r.split, name: r.name, value: r.value ?? NaN });

export function createMetricStore(db: Db): Sync<MetricStore> {
  const INSERT = 'INSERT OR REPLACE INTO metrics (run_id, name, split, epoch, value) VALUES ';
  const insertOne = db.prepare(`${INSERT}(?, ?, ?, ?, ?)`);
  // Multi-row VALUES halves the per-point cost of big batches (one statement step per CHUNK rows).
  const insertChunk = db.prepare(INSERT + Array(CHUNK).fill('(?, ?, ?, ?, ?)').join(', '));
  const all = db.prepare<[string], Row>(
    'SELECT epoch, split, name, value FROM metrics WHERE run_id = ? ORDER BY name, split, epoch',
  );
  // Row k (0-based) of a series of n rows goes to bucket floor(k*(m-1)/(n-1)),
  // which climbs from 0 to m-1 in steps of at most 1 when n > m. Keeping the first
  // row of each bucket gives exactly m evenly spaced rows, including k=0 and k=n-1.
  // Done in SQL so a long run's points never all cross into JavaScript.
  const thinned = db.prepare<{ runId: string; m: number }, Row>(`
    WITH s AS (
      SELECT epoch, split, name, value,
             ROW_NUMBER() OVER w - 1 AS k,
             COUNT(*) OVER (PARTITION BY name, split) AS n,
             CAST(@m AS INTEGER) AS m -- JS numbers bind as REAL; the bucket maths needs integer division
      FROM metrics WHERE run_id = @runId
      WINDOW w AS (PARTITION BY name, split ORDER BY epoch)
    )
    SELECT epoch, split, name, value FROM s
    WHERE n <= m OR k = 0 OR (k * (m - 1)) / (n - 1) <> ((k - 1) * (m - 1)) / (n - 1)
    ORDER BY name, split, epoch`);

  const append = db.transaction((runId: string, points: MetricPoint[]) => {
    let i = 0;
    for (; i + CHUNK <= points.length; i += CHUNK) {
      const args: unknown[] = [];
      for (let j = i; j < i + CHUNK; j++) {
        const p = points[j];
        args.push(runId, p.name, p.split, p.epoch, p.value);
      }
      insertChunk.run(args);
    }
    for (; i < points.length; i++) {
      const p = points[i];
      insertOne.run(runId, p.name, p.split, p.epoch, p.value);
    }
  });

  return {
    append(runId, points) {
      if (points.length) append(runId, points);
    },
    get(runId, maxPoints) {
      if (maxPoints === undefined) return all.all(runId).map(toPoint);
      // Two points (first and last) is the least that still shows a series' span.
      const m = Math.max(2, Math.floor(maxPoints));
      return thinned.all({ runId, m }).map(toPoint);
    },
  };
}
