-- Schema 1: every table the workbench needs, even those later features fill.
-- Conventions: ids are TEXT (uuid-like, portable to PostgreSQL), timestamps are
-- ISO-8601 UTC strings (they sort lexicographically), *_json columns hold JSON.

CREATE TABLE datasets (
  id            TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('csv', 'idx', 'images', 'sample')),
  task          TEXT NOT NULL CHECK (task IN ('classification', 'regression')),
  input_shape   TEXT NOT NULL DEFAULT '[]',
  num_samples   INTEGER NOT NULL,
  classes       TEXT NOT NULL DEFAULT '[]',
  feature_names TEXT NOT NULL DEFAULT '[]',
  label_name    TEXT NOT NULL DEFAULT '',
  class_counts  TEXT NOT NULL DEFAULT '[]',
  dir           TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX datasets_created ON datasets (created_at);

-- Specs the user saved by name (runs carry their own copy inside config).
CREATE TABLE model_specs (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  spec       TEXT NOT NULL,
  notes      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- seq is an INTEGER PRIMARY KEY (rowid alias): a stable tiebreaker for paging and
-- a rowid that survives VACUUM, so side indexes (full-text) can key on it.
CREATE TABLE runs (
  seq           INTEGER PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  -- No cascade: deleting a dataset must not silently delete its runs.
  dataset_id    TEXT NOT NULL REFERENCES datasets (id),
  status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'diverged', 'cancelled', 'interrupted')),
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
  relation      TEXT
);
-- Sorted listing. Descending order scans an index backwards, which already puts
-- NULLs last; ascending NULLS LAST needs the (col IS NULL, col) expression index.
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
CREATE INDEX runs_duration      ON runs (duration_ms);
CREATE INDEX runs_duration_nl   ON runs (duration_ms IS NULL, duration_ms);
CREATE INDEX runs_parent        ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

-- One row per (run, series, epoch). WITHOUT ROWID: the primary key is the only
-- b-tree, clustered the way charts read it, and it serves the cascade delete.
-- value is nullable because SQLite stores NaN as NULL (a diverged loss).
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  split  TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
  epoch  INTEGER NOT NULL,
  value  REAL,
  PRIMARY KEY (run_id, name, split, epoch)
) WITHOUT ROWID;

-- Hyperparameter studies (Optuna-like: study → trials → params / values).
CREATE TABLE studies (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  dataset_id   TEXT REFERENCES datasets (id),
  status       TEXT NOT NULL DEFAULT 'running',
  directions   TEXT NOT NULL DEFAULT '["minimize"]',
  objectives   TEXT NOT NULL DEFAULT '[]',
  sampler      TEXT,
  pruner       TEXT,
  search_space TEXT NOT NULL DEFAULT '{}',
  config       TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL,
  finished_at  TEXT
);
CREATE INDEX studies_created ON studies (created_at);

CREATE TABLE trials (
  id          TEXT PRIMARY KEY,
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'fail')),
  run_id      TEXT REFERENCES runs (id) ON DELETE SET NULL,
  checkpoint  TEXT,
  started_at  TEXT,
  finished_at TEXT,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_state ON trials (study_id, state);
CREATE INDEX trials_run ON trials (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE trial_params (
  trial_id     TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  value        REAL,
  value_json   TEXT,
  distribution TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (trial_id, name)
) WITHOUT ROWID;

CREATE TABLE trial_values (
  trial_id  TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  objective INTEGER NOT NULL DEFAULT 0,
  value     REAL,
  PRIMARY KEY (trial_id, objective)
) WITHOUT ROWID;

-- Reported during training; pruners compare trials at the same step.
CREATE TABLE trial_intermediate_values (
  trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  step     INTEGER NOT NULL,
  value    REAL,
  PRIMARY KEY (trial_id, step)
) WITHOUT ROWID;

CREATE TABLE ensembles (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  dataset_id TEXT REFERENCES datasets (id),
  method     TEXT NOT NULL,
  config     TEXT NOT NULL DEFAULT '{}',
  metrics    TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);

CREATE TABLE ensemble_members (
  ensemble_id TEXT NOT NULL REFERENCES ensembles (id) ON DELETE CASCADE,
  run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  position    INTEGER NOT NULL DEFAULT 0,
  weight      REAL NOT NULL DEFAULT 1,
  PRIMARY KEY (ensemble_id, run_id)
) WITHOUT ROWID;
CREATE INDEX ensemble_members_run ON ensemble_members (run_id);

-- Compression experiments: a base run rewritten step by step (prune, quantize, distill).
CREATE TABLE experiments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'compression',
  base_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
  status      TEXT NOT NULL DEFAULT 'running',
  config      TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX experiments_base ON experiments (base_run_id);

CREATE TABLE experiment_steps (
  experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  step          INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  run_id        TEXT REFERENCES runs (id) ON DELETE SET NULL,
  config        TEXT NOT NULL DEFAULT '{}',
  metrics       TEXT NOT NULL DEFAULT '{}',
  param_count   INTEGER,
  size_bytes    INTEGER,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (experiment_id, step)
);
CREATE INDEX experiment_steps_run ON experiment_steps (run_id) WHERE run_id IS NOT NULL;

CREATE TABLE explanations (
  id          TEXT PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  method      TEXT NOT NULL,
  config      TEXT NOT NULL DEFAULT '{}',
  result      TEXT,
  result_path TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX explanations_run ON explanations (run_id, created_at);

-- Files next to the database (weights, checkpoints, exports); rows point to them.
CREATE TABLE artifacts (
  id         TEXT PRIMARY KEY,
  run_id     TEXT REFERENCES runs (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  path       TEXT NOT NULL,
  bytes      INTEGER,
  sha256     TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX artifacts_run ON artifacts (run_id, kind);

-- Normalised copy of runs.tags (the JSON column stays the source of truth) for
-- "all runs tagged X" and tag lists without scanning every run.
CREATE TABLE tags (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag    TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags (tag);
