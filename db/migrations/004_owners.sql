-- Schema 4: jobs belong to their process.
-- Every process that runs jobs (a CLI train/tune, the app, `serve`, a worker)
-- registers one owner row and renews its heartbeat while it lives. Running rows
-- (runs, studies, experiments, trials) name their owner. A job is orphaned, and
-- only then marked interrupted, when its owner is gone: its pid is dead on this
-- host, or its lease (heartbeat + lease_ms) has expired. Timestamps here are
-- epoch milliseconds, because leases are compared arithmetically.
CREATE TABLE owners (
  id           TEXT PRIMARY KEY,
  pid          INTEGER NOT NULL,
  host         TEXT NOT NULL,
  label        TEXT NOT NULL DEFAULT '',
  started_ms   INTEGER NOT NULL,
  heartbeat_ms INTEGER NOT NULL,
  lease_ms     INTEGER NOT NULL
);

-- No foreign keys to owners: an owner's row goes when its process ends cleanly,
-- while the jobs it finished keep the id as a record of who ran them.
ALTER TABLE runs        ADD COLUMN owner_id TEXT;
ALTER TABLE studies     ADD COLUMN owner_id TEXT;
ALTER TABLE experiments ADD COLUMN owner_id TEXT;
ALTER TABLE trials      ADD COLUMN owner_id TEXT;
-- Rows a schema-3 process left running name an owner that never registers, so the
-- first sweep interrupts them. Trials run by a study runner had a worker slot;
-- ask/tell trials (worker NULL) are held by an external program and stay ownerless.
UPDATE runs        SET owner_id = 'schema-3' WHERE status IN ('queued', 'running');
UPDATE studies     SET owner_id = 'schema-3' WHERE status = 'running';
UPDATE experiments SET owner_id = 'schema-3' WHERE status = 'running';
UPDATE trials      SET owner_id = 'schema-3' WHERE state = 'running' AND worker IS NOT NULL;
CREATE INDEX runs_active        ON runs (status) WHERE status IN ('queued', 'running');
CREATE INDEX trials_active      ON trials (state) WHERE state = 'running';

-- What an import decided that the columns above do not say: the options used
-- (missing values, decimal separator, encoding), the warnings shown, and the
-- target's scaling. JSON, read whole with the dataset.
ALTER TABLE datasets ADD COLUMN info TEXT NOT NULL DEFAULT '{}';
