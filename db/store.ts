/**
 * The storage interface the engine uses. It names no SQL type, so a server
 * database (PostgreSQL, for many workers sharing one study) can implement it later.
 */
import { openDatabase, type Db } from './database.ts';
import { createDatasetStore, type DatasetStore } from './datasets.ts';
import { createMetricStore, type MetricStore } from './metrics.ts';
import { createRunStore, type RunStore } from './runs.ts';

export type { DatasetStore, StoredDataset } from './datasets.ts';
export type { MetricStore } from './metrics.ts';
export type { RunLineage, RunStore } from './runs.ts';
export { INTERRUPTED_MESSAGE } from './runs.ts';

export interface Store {
  datasets: DatasetStore;
  runs: RunStore;
  metrics: MetricStore;
  close(): void;
}

/** The SQLite store also exposes its connection, for features that keep their own tables (studies, ...). */
export type SqliteStore = Store & { readonly db: Db };

export function createSqliteStore(file: string): SqliteStore {
  const db = openDatabase(file);
  try {
    return {
      db,
      datasets: createDatasetStore(db),
      runs: createRunStore(db),
      metrics: createMetricStore(db),
      close() {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
