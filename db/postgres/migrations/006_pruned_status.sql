-- Schema 6: a study trial that its pruner stopped is a run with status 'pruned'
-- (SQLite's 008_pruned_status.sql). PostgreSQL changes the CHECK in place.
ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
  CHECK (status IN ('queued', 'running', 'completed', 'failed', 'diverged', 'cancelled', 'pruned', 'interrupted'));

-- Trials pruned before: cancelled study runs with the pruner's error text.
UPDATE runs SET status = 'pruned'
WHERE status = 'cancelled' AND error ~ '^pruned at epoch [0-9]' AND tags::jsonb ? 'study';
