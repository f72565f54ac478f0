/** Per-layer training diagnostics on PostgreSQL, as on SQLite (db/sqlite/diagnostics.ts). */
import type { EpochDiagnostics } from '../../main/diagnose/types.ts';
import { fromJson, toJson } from '../json.ts';
import type { DiagnosticsStore } from '../store.ts';
import { thinnedPositions } from '../thin.ts';
import type { PgConnection } from './connection.ts';

export function createDiagnosticsStore(pg: PgConnection): DiagnosticsStore {
  const epochs = async (runId: string) =>
    (await pg.query<{ epoch: number }>('SELECT epoch FROM run_diagnostics WHERE run_id = $1 ORDER BY epoch', [runId])).map((r) => r.epoch);
  return {
    async put(runId, record) {
      await pg.query(
        'INSERT INTO run_diagnostics (run_id, epoch, data) VALUES ($1, $2, $3) ON CONFLICT (run_id, epoch) DO UPDATE SET data = excluded.data',
        [runId, record.epoch, toJson(record)],
      );
    },
    async get(runId, maxEpochs) {
      if (maxEpochs === undefined) {
        return (await pg.query<{ data: string }>('SELECT data FROM run_diagnostics WHERE run_id = $1 ORDER BY epoch', [runId])).map((r) => fromJson<EpochDiagnostics>(r.data));
      }
      const stored = await epochs(runId);
      const chosen = thinnedPositions(stored.length, maxEpochs).map((k) => stored[k]);
      const rows = await pg.query<{ data: string }>('SELECT data FROM run_diagnostics WHERE run_id = $1 AND epoch = ANY($2::int[]) ORDER BY epoch', [runId, chosen]);
      return rows.map((r) => fromJson<EpochDiagnostics>(r.data));
    },
    epochs,
  };
}
