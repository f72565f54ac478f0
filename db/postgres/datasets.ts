/** Dataset rows on PostgreSQL: the same columns and mapping as SQLite (db/sqlite/datasets.ts). */
import { ApiError } from '../../main/api/errors.ts';
import { uniqueName } from '../../main/data/names.ts';
import { toMeta, type Row } from '../sqlite/datasets.ts';
import type { DatasetStore, StoredDataset } from '../store.ts';
import type { PgConnection, Queryable } from './connection.ts';

/** The advisory lock that serialises dataset naming (insertUnique), whichever process inserts. */
const NAMING_LOCK = 0x6d62_0002;

const INSERT = `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, classes, feature_names, label_name, class_counts, dir, created_at, info)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

const insertRow = (c: Queryable, meta: StoredDataset) =>
  c.query(INSERT, [
    meta.id, meta.name, meta.source, meta.task, JSON.stringify(meta.inputShape), meta.numSamples, JSON.stringify(meta.classes),
    JSON.stringify(meta.featureNames), meta.labelName, JSON.stringify(meta.classCounts), meta.dir, meta.createdAt,
    JSON.stringify({ ...meta.info, warnings: meta.warnings ?? [] }),
  ]);

const stored = (r: Row): StoredDataset => ({ ...toMeta(r), dir: r.dir });

export function createDatasetStore(pg: PgConnection): DatasetStore {
  return {
    async insert(meta) {
      await insertRow(pg.auto, meta);
    },
    insertUnique: (meta, { explicit }) =>
      pg.tx(async (c, { afterLostCommit }) => {
        await c.query('SELECT pg_advisory_xact_lock($1)', [NAMING_LOCK]);
        // A retry after a lost COMMIT finds the row the first attempt stored (ids are new), with the name it chose.
        const mine = afterLostCommit ? (await c.query<{ name: string }>('SELECT name FROM datasets WHERE id = $1', [meta.id])).rows[0] : undefined;
        if (mine) return mine.name;
        const taken = (await c.query<{ name: string }>('SELECT name FROM datasets')).rows.map((r) => r.name);
        if (!explicit) {
          const name = uniqueName(meta.name, taken);
          await insertRow(c, { ...meta, name });
          return name;
        }
        const same = (await c.query<{ id: string }>('SELECT id FROM datasets WHERE name = $1 ORDER BY created_at DESC, id', [meta.name])).rows.map((r) => r.id);
        if (same.length > 0) {
          throw new ApiError(
            'conflict',
            `A dataset named '${meta.name}' already exists (${same.join(', ')}); choose another name, e.g. '${uniqueName(meta.name, taken)}'.`,
            { ids: same },
          );
        }
        await insertRow(c, meta);
        return meta.name;
      }, { retryAfterLostCommit: true }),
    list: async () => (await pg.query<Row>('SELECT * FROM datasets ORDER BY created_at DESC, id')).map(toMeta),
    async get(id) {
      const [r] = await pg.query<Row>('SELECT * FROM datasets WHERE id = $1', [id]);
      return r ? stored(r) : undefined;
    },
    byName: async (name) => (await pg.query<Row>('SELECT * FROM datasets WHERE name = $1 ORDER BY created_at DESC, id', [name])).map(stored),
    delete: (id) =>
      pg.tx(async (c) => {
        const n = (await c.query<{ n: number }>('SELECT COUNT(*) AS n FROM runs WHERE dataset_id = $1', [id])).rows[0].n;
        if (n > 0) throw new ApiError('conflict', `This dataset is used by ${n} run${n === 1 ? '' : 's'}; delete those runs first.`);
        await c.query('DELETE FROM datasets WHERE id = $1', [id]);
      }, { retryAfterLostCommit: true }),
  };
}
