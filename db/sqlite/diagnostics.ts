/** Per-layer training diagnostics, one JSON record per run and probed epoch (run_diagnostics, schema 6). */
import type { EpochDiagnostics } from '../../main/diagnose/types.ts';
import { fromJson, toJson } from '../json.ts';
import type { DiagnosticsStore } from '../store.ts';
import { thinnedPositions } from '../thin.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export function createDiagnosticsStore(db: Db): Sync<DiagnosticsStore> {
  const put = db.prepare('INSERT OR REPLACE INTO run_diagnostics (run_id, epoch, data) VALUES (?, ?, ?)');
  const epochs = db.prepare<[string], number>('SELECT epoch FROM run_diagnostics WHERE run_id = ? ORDER BY epoch').pluck();
  const all = db.prepare<[string], string>('SELECT data FROM run_diagnostics WHERE run_id = ? ORDER BY epoch').pluck();
  const some = db.prepare<[string, string], string>(
    'SELECT data FROM run_diagnostics WHERE run_id = ? AND epoch IN (SELECT value FROM json_each(?)) ORDER BY epoch',
  ).pluck();
  return {
    put(runId, record) {
      put.run(runId, record.epoch, toJson(record));
    },
    get(runId, maxEpochs) {
      if (maxEpochs === undefined) return all.all(runId).map((d) => fromJson<EpochDiagnostics>(d));
      const stored = epochs.all(runId);
      const chosen = thinnedPositions(stored.length, maxEpochs).map((k) => stored[k]);
      return some.all(runId, JSON.stringify(chosen)).map((d) => fromJson<EpochDiagnostics>(d));
    },
    epochs(runId) {
      return epochs.all(runId);
    },
  };
}
