-- modelbench-migrate: foreign_keys=off
-- Schema 8: a study trial that its pruner stopped is a run with status 'pruned'
-- (it was stored 'cancelled' with the error 'pruned at epoch N', and the UI told
-- the two apart from that text; History could not filter for it). Schema 1's
-- CHECK on runs.status lists the statuses, and SQLite cannot change a CHECK in
-- place, so the table is rebuilt: create, copy (seq kept, so the full-text rows
-- still point at their runs), drop, rename, then its indexes and triggers again.
--
-- metrics, tags, artifacts, trials, experiments, experiment steps, ensemble
-- members, explanations and diagnostics reference runs(id); with foreign keys on,
-- DROP TABLE runs would delete or detach all of them. The first line asks the
-- runner (db/sqlite/migrate.ts) to switch enforcement off around this migration
-- and to check every reference (PRAGMA foreign_key_check) before it commits.

CREATE TABLE runs_v8 (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  -- No cascade: deleting a dataset must not silently delete its runs.
  dataset_id    TEXT NOT NULL REFERENCES datasets (id),
  status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'diverged', 'cancelled', 'pruned', 'interrupted')),
  config        TEXT NOT NULL,
  seed          INTEGER NOT NULL,
  backend       TEXT,
  versions      TEXT NOT NULL DEFAULT '{}',
  param_count   INTEGER NOT NULL DEFAULT 0,
  flops         INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  duration_ms   INTEGER,
  epochs_done   INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  metrics       TEXT NOT NULL DEFAULT '{}',
  notes         TEXT NOT NULL DEFAULT '',
  tags          TEXT NOT NULL DEFAULT '[]',
  artifact_dir  TEXT NOT NULL,
  -- Copies of metrics.val.* / metrics.test.* so the run table can sort on an index.
  val_accuracy  REAL,
  val_f1        REAL,
  val_loss      REAL,
  test_accuracy REAL,
  -- Lineage: fine-tuned from, compressed from, resumed from, trial of ...
  parent_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
  relation      TEXT,
  owner_id      TEXT,
  val_r2        REAL,
  val_mse       REAL
);

INSERT INTO runs_v8 (seq, id, name, dataset_id, status, config, seed, backend, versions, param_count, flops, created_at,
  started_at, finished_at, duration_ms, epochs_done, error, metrics, notes, tags, artifact_dir,
  val_accuracy, val_f1, val_loss, test_accuracy, parent_run_id, relation, owner_id, val_r2, val_mse)
SELECT seq, id, name, dataset_id, status, config, seed, backend, versions, param_count, flops, created_at,
  started_at, finished_at, duration_ms, epochs_done, error, metrics, notes, tags, artifact_dir,
  val_accuracy, val_f1, val_loss, test_accuracy, parent_run_id, relation, owner_id, val_r2, val_mse
FROM runs;

DROP TABLE runs;
-- Renaming rewrites runs_v8's own name; the other tables' references name 'runs' already.
ALTER TABLE runs_v8 RENAME TO runs;

CREATE INDEX runs_created       ON runs (created_at);
CREATE INDEX runs_name          ON runs (name COLLATE NOCASE);
CREATE INDEX runs_status        ON runs (status, created_at);
CREATE INDEX runs_dataset       ON runs (dataset_id, created_at);
CREATE INDEX runs_param_count   ON runs (param_count);
CREATE INDEX runs_val_acc       ON runs (val_accuracy);
CREATE INDEX runs_val_acc_nl    ON runs (val_accuracy IS NULL, val_accuracy);
CREATE INDEX runs_val_f1        ON runs (val_f1);
CREATE INDEX runs_val_f1_nl     ON runs (val_f1 IS NULL, val_f1);
CREATE INDEX runs_val_loss      ON runs (val_loss);
CREATE INDEX runs_val_loss_nl   ON runs (val_loss IS NULL, val_loss);
CREATE INDEX runs_val_r2        ON runs (val_r2);
CREATE INDEX runs_val_r2_nl     ON runs (val_r2 IS NULL, val_r2);
CREATE INDEX runs_val_mse       ON runs (val_mse);
CREATE INDEX runs_val_mse_nl    ON runs (val_mse IS NULL, val_mse);
CREATE INDEX runs_duration      ON runs (duration_ms);
CREATE INDEX runs_duration_nl   ON runs (duration_ms IS NULL, duration_ms);
CREATE INDEX runs_parent        ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX runs_active        ON runs (status) WHERE status IN ('queued', 'running');

-- The full-text triggers of schema 2 went with the old table.
CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
  INSERT INTO runs_fts (rowid, name, id, notes, tags)
    VALUES (new.seq, new.name, new.id, new.notes, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
  DELETE FROM runs_fts WHERE rowid = old.seq;
END;

CREATE TRIGGER runs_fts_update AFTER UPDATE OF name, id, notes, tags ON runs BEGIN
  DELETE FROM runs_fts WHERE rowid = old.seq;
  INSERT INTO runs_fts (rowid, name, id, notes, tags)
    VALUES (new.seq, new.name, new.id, new.notes, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

-- Trials pruned before schema 8: cancelled study runs with the pruner's error text.
UPDATE runs SET status = 'pruned'
WHERE status = 'cancelled' AND error GLOB 'pruned at epoch [0-9]*'
  AND EXISTS (SELECT 1 FROM tags t WHERE t.run_id = runs.id AND t.tag = 'study');
