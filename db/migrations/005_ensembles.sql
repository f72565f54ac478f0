-- Schema 5: ensembles as jobs and as models.
-- Schema 1 created ensembles and ensemble_members with what a finished ensemble
-- needs; running one as a job (owner, status, error, finish time), listing it in
-- History beside runs (sortable metric columns, size) and keeping it whole when
-- a member run is deleted (the exported model keeps that member's weights) need
-- more. Both tables are rebuilt (create, copy, drop, rename): no other table
-- references them, and the renames rewrite the members' foreign key.

CREATE TABLE ensembles_v5 (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  -- SET NULL: a dataset can only go once its runs (the members) are gone; the ensemble's model stays usable.
  dataset_id   TEXT REFERENCES datasets (id) ON DELETE SET NULL,
  method       TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  config       TEXT NOT NULL DEFAULT '{}',
  metrics      TEXT NOT NULL DEFAULT '{}',
  -- The combiner (weights, bias or meta-model), the method's report (selection path, out-of-bag score,
  -- stages, diversity) and the measured size, as JSON: read whole with the ensemble.
  combiner     TEXT,
  report       TEXT NOT NULL DEFAULT '{}',
  size         TEXT,
  param_count  INTEGER NOT NULL DEFAULT 0,
  flops        INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  owner_id     TEXT,
  created_at   TEXT NOT NULL,
  finished_at  TEXT,
  duration_ms  INTEGER,
  -- Copies of metrics.val.* so History can sort ensembles on an index, as it sorts runs.
  val_accuracy REAL,
  val_f1       REAL,
  val_loss     REAL
);
INSERT INTO ensembles_v5 (id, name, dataset_id, method, config, metrics, created_at)
  SELECT id, name, dataset_id, method, config, metrics, created_at FROM ensembles;

-- position: the member's slot in the method's plan (bagging member i, stacking (member, fold), boosting stage),
-- stable across resumes. run_id SET NULL: deleting a member run keeps the slot and its weight.
CREATE TABLE ensemble_members_v5 (
  ensemble_id  TEXT NOT NULL REFERENCES ensembles_v5 (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  run_id       TEXT REFERENCES runs (id) ON DELETE SET NULL,
  role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'fold', 'final', 'stage')),
  fold         INTEGER,
  stage        INTEGER,
  weight       REAL NOT NULL DEFAULT 0,
  feature_mask TEXT,
  PRIMARY KEY (ensemble_id, position)
);
-- Schema 1's position defaulted to 0 for every member: number the slots afresh, in their old order.
INSERT INTO ensemble_members_v5 (ensemble_id, position, run_id, weight)
  SELECT ensemble_id, ROW_NUMBER() OVER (PARTITION BY ensemble_id ORDER BY position, run_id) - 1, run_id, weight
  FROM ensemble_members;

DROP TABLE ensemble_members;
DROP TABLE ensembles;
ALTER TABLE ensembles_v5 RENAME TO ensembles;
ALTER TABLE ensemble_members_v5 RENAME TO ensemble_members;

CREATE INDEX ensembles_created    ON ensembles (created_at);
CREATE INDEX ensembles_dataset    ON ensembles (dataset_id, created_at);
CREATE INDEX ensembles_val_acc    ON ensembles (val_accuracy);
CREATE INDEX ensembles_val_loss   ON ensembles (val_loss);
CREATE INDEX ensembles_active     ON ensembles (status) WHERE status = 'running';
CREATE INDEX ensemble_members_run ON ensemble_members (run_id) WHERE run_id IS NOT NULL;
