-- Schema 3: explanations as jobs, and training diagnostics (as SQLite's schema 6).
CREATE TABLE explanations (
  id           TEXT PRIMARY KEY,
  run_id       TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  method       TEXT NOT NULL,
  -- The resolved settings (JSON) and their hash: find() reuses a completed result with equal settings.
  config       TEXT NOT NULL DEFAULT '{}',
  settings_key TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL DEFAULT 'completed',
  result       TEXT,
  error        TEXT,
  owner_id     TEXT,
  created_at   TEXT NOT NULL,
  finished_at  TEXT,
  duration_ms  BIGINT
);
CREATE INDEX explanations_run ON explanations (run_id, created_at);
CREATE INDEX explanations_settings ON explanations (run_id, settings_key, status, created_at);
CREATE INDEX explanations_created ON explanations (created_at);

CREATE TABLE run_diagnostics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  epoch  INTEGER NOT NULL,
  data   TEXT NOT NULL,
  PRIMARY KEY (run_id, epoch)
);
