-- Schema 1 of the PostgreSQL store: the tables the Store contract (db/store.ts)
-- needs, shaped like the SQLite store's schema 4 (db/migrations/001-004) so that
-- both backends map rows the same way. Conventions kept from SQLite: ids are
-- TEXT, timestamps are ISO-8601 UTC strings (they sort as text), JSON columns
-- are TEXT holding JSON (read whole, never queried inside except trial values).
-- Epoch-millisecond lease times and counts that can pass 2^31 are BIGINT.

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
  created_at    TEXT NOT NULL,
  info          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX datasets_created ON datasets (created_at);
CREATE INDEX datasets_name ON datasets (name);

-- seq: a stable tiebreaker for paging, as SQLite's rowid.
CREATE TABLE runs (
  seq           BIGSERIAL PRIMARY KEY,
  id            TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  dataset_id    TEXT NOT NULL REFERENCES datasets (id),
  status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'diverged', 'cancelled', 'interrupted')),
  config        TEXT NOT NULL,
  seed          BIGINT NOT NULL,
  backend       TEXT,
  versions      TEXT NOT NULL DEFAULT '{}',
  param_count   BIGINT NOT NULL DEFAULT 0,
  flops         BIGINT NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT,
  duration_ms   BIGINT,
  epochs_done   INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  metrics       TEXT NOT NULL DEFAULT '{}',
  notes         TEXT NOT NULL DEFAULT '',
  tags          TEXT NOT NULL DEFAULT '[]',
  artifact_dir  TEXT NOT NULL,
  val_accuracy  DOUBLE PRECISION,
  val_f1        DOUBLE PRECISION,
  val_loss      DOUBLE PRECISION,
  test_accuracy DOUBLE PRECISION,
  parent_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
  relation      TEXT,
  owner_id      TEXT
);
-- PostgreSQL scans a b-tree either way and supports NULLS LAST in the index itself.
CREATE INDEX runs_created     ON runs (created_at, seq);
CREATE INDEX runs_name        ON runs (lower(name), seq);
CREATE INDEX runs_status      ON runs (status, created_at);
CREATE INDEX runs_dataset     ON runs (dataset_id, created_at);
CREATE INDEX runs_param_count ON runs (param_count);
CREATE INDEX runs_val_acc     ON runs (val_accuracy);
CREATE INDEX runs_val_f1      ON runs (val_f1);
CREATE INDEX runs_val_loss    ON runs (val_loss);
CREATE INDEX runs_duration    ON runs (duration_ms);
CREATE INDEX runs_parent      ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;
CREATE INDEX runs_active      ON runs (status) WHERE status IN ('queued', 'running');

-- PostgreSQL keeps NaN and infinities in DOUBLE PRECISION; NULL is still read back as NaN.
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  name   TEXT NOT NULL,
  split  TEXT NOT NULL CHECK (split IN ('train', 'val', 'test')),
  epoch  INTEGER NOT NULL,
  value  DOUBLE PRECISION,
  PRIMARY KEY (run_id, name, split, epoch)
);

-- next_trial: the number the next trial gets; incremented under the study row's lock.
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
  seed         BIGINT NOT NULL DEFAULT 0,
  owner_id     TEXT,
  created_at   TEXT NOT NULL,
  finished_at  TEXT,
  next_trial   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX studies_created ON studies (created_at, id);
CREATE INDEX studies_active  ON studies (status) WHERE status = 'running';

CREATE TABLE trials (
  id          TEXT PRIMARY KEY,
  study_id    TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  state       TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('waiting', 'running', 'complete', 'pruned', 'fail')),
  run_id      TEXT REFERENCES runs (id) ON DELETE SET NULL,
  started_at  TEXT,
  finished_at TEXT,
  params_json TEXT NOT NULL DEFAULT '{}',
  values_json TEXT,
  value0      DOUBLE PRECISION,
  error       TEXT,
  worker      INTEGER,
  duration_ms BIGINT,
  retry_of    INTEGER,
  last_step   INTEGER,
  last_value  DOUBLE PRECISION,
  owner_id    TEXT,
  UNIQUE (study_id, number)
);
CREATE INDEX trials_state      ON trials (study_id, state);
CREATE INDEX trials_run        ON trials (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX trials_value0     ON trials (study_id, value0);
CREATE INDEX trials_duration   ON trials (study_id, duration_ms);
CREATE INDEX trials_started    ON trials (study_id, started_at);
CREATE INDEX trials_active     ON trials (state) WHERE state = 'running';
-- At most one re-run of an interrupted trial, whoever asks (trials.claimNext).
CREATE UNIQUE INDEX trials_retry ON trials (study_id, retry_of) WHERE retry_of IS NOT NULL;

CREATE TABLE trial_params (
  trial_id     TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  value        DOUBLE PRECISION,
  value_json   TEXT,
  distribution TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (trial_id, name)
);

CREATE TABLE trial_values (
  trial_id  TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  objective INTEGER NOT NULL DEFAULT 0,
  value     DOUBLE PRECISION,
  PRIMARY KEY (trial_id, objective)
);

CREATE TABLE trial_intermediate_values (
  trial_id TEXT NOT NULL REFERENCES trials (id) ON DELETE CASCADE,
  step     INTEGER NOT NULL,
  value    DOUBLE PRECISION,
  PRIMARY KEY (trial_id, step)
);

CREATE TABLE experiments (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL DEFAULT 'compression',
  base_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
  status      TEXT NOT NULL DEFAULT 'running',
  config      TEXT NOT NULL DEFAULT '{}',
  created_at  TEXT NOT NULL,
  finished_at TEXT,
  owner_id    TEXT
);
CREATE INDEX experiments_base ON experiments (base_run_id);
CREATE INDEX experiments_created ON experiments (created_at, id);

CREATE TABLE experiment_steps (
  experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  step          INTEGER NOT NULL,
  kind          TEXT NOT NULL,
  run_id        TEXT REFERENCES runs (id) ON DELETE SET NULL,
  config        TEXT NOT NULL DEFAULT '{}',
  metrics       TEXT NOT NULL DEFAULT '{}',
  param_count   BIGINT,
  size_bytes    BIGINT,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (experiment_id, step)
);
CREATE INDEX experiment_steps_run ON experiment_steps (run_id) WHERE run_id IS NOT NULL;

-- Registered processes (see db/migrations/004_owners.sql): no foreign keys to them.
CREATE TABLE owners (
  id           TEXT PRIMARY KEY,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  label        TEXT NOT NULL DEFAULT '',
  started_ms   BIGINT NOT NULL,
  heartbeat_ms BIGINT NOT NULL,
  lease_ms     BIGINT NOT NULL
);

-- Ensembles as jobs and as models (as SQLite's db/migrations/005_ensembles.sql).
CREATE TABLE ensembles (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  dataset_id   TEXT REFERENCES datasets (id) ON DELETE SET NULL,
  method       TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('running', 'completed', 'failed', 'cancelled', 'interrupted')),
  config       TEXT NOT NULL DEFAULT '{}',
  metrics      TEXT NOT NULL DEFAULT '{}',
  combiner     TEXT,
  report       TEXT NOT NULL DEFAULT '{}',
  size         TEXT,
  param_count  BIGINT NOT NULL DEFAULT 0,
  flops        BIGINT NOT NULL DEFAULT 0,
  error        TEXT,
  owner_id     TEXT,
  created_at   TEXT NOT NULL,
  finished_at  TEXT,
  duration_ms  BIGINT,
  val_accuracy DOUBLE PRECISION,
  val_f1       DOUBLE PRECISION,
  val_loss     DOUBLE PRECISION
);
CREATE INDEX ensembles_created  ON ensembles (created_at);
CREATE INDEX ensembles_dataset  ON ensembles (dataset_id, created_at);
CREATE INDEX ensembles_val_acc  ON ensembles (val_accuracy);
CREATE INDEX ensembles_val_loss ON ensembles (val_loss);
CREATE INDEX ensembles_active   ON ensembles (status) WHERE status = 'running';

CREATE TABLE ensemble_members (
  ensemble_id  TEXT NOT NULL REFERENCES ensembles (id) ON DELETE CASCADE,
  position     INTEGER NOT NULL,
  run_id       TEXT REFERENCES runs (id) ON DELETE SET NULL,
  role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'fold', 'final', 'stage')),
  fold         INTEGER,
  stage        INTEGER,
  weight       DOUBLE PRECISION NOT NULL DEFAULT 0,
  feature_mask TEXT,
  PRIMARY KEY (ensemble_id, position)
);
CREATE INDEX ensemble_members_run ON ensemble_members (run_id) WHERE run_id IS NOT NULL;
