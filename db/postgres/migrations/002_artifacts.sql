-- Schema 2: artifacts in the database, for workers on machines that share no folder.
-- A run's folder (model.json, weights, recipe, split…) or a dataset's tensors are
-- stored as files cut into chunks of at most 1 MiB (bytea), written in one
-- transaction per folder, so a reader sees a whole folder or none of it.
CREATE TABLE artifact_files (
  scope  TEXT NOT NULL CHECK (scope IN ('run', 'dataset')),
  key    TEXT NOT NULL,
  path   TEXT NOT NULL,
  bytes  BIGINT NOT NULL,
  chunks INTEGER NOT NULL,
  PRIMARY KEY (scope, key, path)
);

CREATE TABLE artifact_chunks (
  scope TEXT NOT NULL,
  key   TEXT NOT NULL,
  path  TEXT NOT NULL,
  chunk INTEGER NOT NULL,
  data  BYTEA NOT NULL,
  PRIMARY KEY (scope, key, path, chunk),
  FOREIGN KEY (scope, key, path) REFERENCES artifact_files (scope, key, path) ON DELETE CASCADE
);
