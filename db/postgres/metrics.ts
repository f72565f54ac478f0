/** Per-epoch metric points on PostgreSQL: one transaction per batch, multi-row inserts, thinning in SQL. */
import type { MetricPoint } from '../../main/api/schemas.ts';
import type { MetricStore } from '../store.ts';
import type { PgConnection } from './connection.ts';

/** Rows per INSERT: 5 parameters each, far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;

type Row = { epoch: number; split: MetricPoint['split']; name: string; value: number | null };
const toPoint = (r: Row): MetricPoint => ({ epoch: r.epoch, split: r.split, name: r.name, value: r.value ?? NaN });

// The same bucket rule as db/sqlite/metrics.ts: row k of n goes to bucket k*(m-1)/(n-1); the first of each is kept.
const THINNED = `
  WITH s AS (
    SELECT epoch, split, name, value,
           ROW_NUMBER() OVER (PARTITION BY name, split ORDER BY epoch) - 1 AS k,
           COUNT(*) OVER (PARTITION BY name, split) AS n
    FROM metrics WHERE run_id = $1
  )
  SELECT epoch, split, name, value FROM s
  WHERE n <= $2 OR k = 0 OR (k * ($2 - 1)) / (n - 1) <> ((k - 1) * ($2 - 1)) / (n - 1)
  ORDER BY name, split, epoch`;

export function createMetricStore(pg: PgConnection): MetricStore {
  return {
    async append(runId, points) {
      if (!points.length) return;
      // One statement cannot update a row twice: a point reported twice in one batch keeps its last value, as on SQLite.
      const last = new Map<string, MetricPoint>();
      for (const p of points) last.set(`${p.name}\u0000${p.split}\u0000${p.epoch}`, p);
      const unique = [...last.values()];
      await pg.tx(async (c) => {
        for (let i = 0; i < unique.length; i += CHUNK) {
          const chunk = unique.slice(i, i + CHUNK);
          const values: unknown[] = [];
          const rows = chunk.map((p) => {
            values.push(runId, p.name, p.split, p.epoch, p.value);
            const b = values.length - 5;
            return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
          });
          await c.query(
            `INSERT INTO metrics (run_id, name, split, epoch, value) VALUES ${rows.join(', ')}
             ON CONFLICT (run_id, name, split, epoch) DO UPDATE SET value = excluded.value`,
            values,
          );
        }
        // An upsert of the same points: safe to write again when the connection dropped during COMMIT.
      }, { retryAfterLostCommit: true });
    },
    async get(runId, maxPoints) {
      if (maxPoints === undefined) {
        return (await pg.query<Row>('SELECT epoch, split, name, value FROM metrics WHERE run_id = $1 ORDER BY name, split, epoch', [runId])).map(toPoint);
      }
      const m = Math.max(2, Math.floor(maxPoints));
      return (await pg.query<Row>(THINNED, [runId, m])).map(toPoint);
    },
  };
}
