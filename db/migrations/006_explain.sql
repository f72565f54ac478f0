-- Schema 6: explanations as jobs, and training diagnostics.
-- Schema 1 created explanations with what a finished result needs (method, config,
-- result). Computing one as a job adds its status, owner, error and timings, and
-- reusing a result needs the hash of its settings (config holds the settings
-- themselves). Added columns, no rebuild: nothing references the table.
ALTER TABLE explanations ADD COLUMN settings_key TEXT NOT NULL DEFAULT '';
ALTER TABLE explanations ADD COLUMN status TEXT NOT NULL DEFAULT 'completed';
ALTER TABLE explanations ADD COLUMN error TEXT;
ALTER TABLE explanations ADD COLUMN owner_id TEXT;
ALTER TABLE explanations ADD COLUMN finished_at TEXT;
ALTER TABLE explanations ADD COLUMN duration_ms INTEGER;
-- find(): the newest completed explanation of a run with given settings.
CREATE INDEX explanations_settings ON explanations (run_id, settings_key, status, created_at);
CREATE INDEX explanations_created ON explanations (created_at);

-- Per-layer diagnostics (weights, gradients, activations, dead and saturated units) of
-- a run, one JSON record per probed epoch (main/diagnose/types.ts EpochDiagnostics).
CREATE TABLE run_diagnostics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch  INTEGER NOT NULL,
  data   TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
