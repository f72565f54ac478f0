/**
 * The server store: PostgreSQL through `pg` with a connection pool, for
 * studies shared by worker processes on many machines. It implements the
 * contract of db/store.ts (and passes test/db/store-contract.ts) with its own
 * versioned migrations (db/postgres/migrations/).
 */
import type { Store } from '../store.ts';
import { connect, redactUrl, type ConnectOptions, type PgConnection } from './connection.ts';
import { createDatasetStore } from './datasets.ts';
import { createDiagnosticsStore } from './diagnostics.ts';
import { createEnsembleStore } from './ensembles.ts';
import { createExperimentStore } from './experiments.ts';
import { createExplanationStore } from './explanations.ts';
import { createMetricStore } from './metrics.ts';
import { migratePg } from './migrate.ts';
import { createOwnerStore } from './owners.ts';
import { createRunStore } from './runs.ts';
import { createStudyRowStore } from './studies.ts';
import { createTrialStore } from './trials.ts';

export type PostgresStore = Store & {
  /** The pool, for tests and benchmarks (pg_terminate_backend, timings). Engine code never uses it. */
  readonly connection: PgConnection;
};

/** Connects, migrates, and resolves once the database is ready. The URL's password is never shown: `location` has none. */
export async function createPostgresStore(url: string, opts: ConnectOptions = {}): Promise<PostgresStore> {
  const pg = connect(url, opts);
  try {
    await migratePg(pg);
  } catch (error) {
    await pg.end();
    throw error;
  }
  return {
    kind: 'postgresql',
    location: redactUrl(url),
    connection: pg,
    datasets: createDatasetStore(pg),
    runs: createRunStore(pg),
    metrics: createMetricStore(pg),
    studies: createStudyRowStore(pg),
    trials: createTrialStore(pg),
    experiments: createExperimentStore(pg),
    ensembles: createEnsembleStore(pg),
    diagnostics: createDiagnosticsStore(pg),
    explanations: createExplanationStore(pg),
    owners: createOwnerStore(pg),
    close: () => pg.end(),
  };
}
