/**
 * The embedded store: one SQLite file in the data folder (WAL, foreign keys,
 * versioned migrations), implementing the contract of db/store.ts.
 */
import type { Store } from '../store.ts';
import { openDatabase, type Db } from './database.ts';
import { createDatasetStore } from './datasets.ts';
import { createDiagnosticsStore } from './diagnostics.ts';
import { createEnsembleStore } from './ensembles.ts';
import { createExperimentStore } from './experiments.ts';
import { createExplanationStore } from './explanations.ts';
import { createMetricStore } from './metrics.ts';
import { createOwnerStore } from './owners.ts';
import { createRunStore } from './runs.ts';
import { createStudyRowStore } from './studies.ts';
import { toAsync } from './sync.ts';
import { createTrialStore } from './trials.ts';

export { DatabaseFileError } from './database.ts';

export type SqliteStore = Store & {
  /**
   * The connection, for tests and benchmarks that build fixtures in SQL.
   * Engine code never uses it: everything goes through the Store interface.
   */
  readonly db: Db;
};

export function createSqliteStore(file: string): SqliteStore {
  const db = openDatabase(file);
  try {
    return {
      kind: 'sqlite',
      location: file,
      db,
      datasets: toAsync(createDatasetStore(db)),
      runs: toAsync(createRunStore(db)),
      metrics: toAsync(createMetricStore(db)),
      studies: toAsync(createStudyRowStore(db)),
      trials: toAsync(createTrialStore(db)),
      experiments: toAsync(createExperimentStore(db)),
      ensembles: toAsync(createEnsembleStore(db)),
      diagnostics: toAsync(createDiagnosticsStore(db)),
      explanations: toAsync(createExplanationStore(db)),
      owners: toAsync(createOwnerStore(db)),
      async close() {
        if (db.open) db.close();
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
