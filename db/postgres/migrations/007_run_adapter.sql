-- Schema 7: the GPU adapter of a run and the backends tried, as SQLite's
-- 009_run_adapter.sql: JSON text, NULL on runs stored before it.
ALTER TABLE runs ADD COLUMN adapter TEXT, ADD COLUMN backends_tried TEXT;
