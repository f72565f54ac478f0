-- Schema 9: an ensemble's merged model (model.json, weights, ensemble.json) is an
-- artifact like a run's folder, so that every machine sharing the store exports it
-- (main/engine/ensembles.ts puts it once the ensemble completes, and deletes it with it).
ALTER TABLE artifact_files DROP CONSTRAINT artifact_files_scope_check;
ALTER TABLE artifact_files ADD CONSTRAINT artifact_files_scope_check CHECK (scope IN ('run', 'dataset', 'ensemble'));
