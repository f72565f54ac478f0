-- Schema 3: what running studies needs beyond the tables of schema 1.
-- trials get denormalised copies (params/values as JSON, the first objective's
-- value) so a study of 10,000 trials loads, sorts and filters from one table
-- and its indexes; trial_params / trial_values stay the normalised record.
ALTER TABLE trials ADD COLUMN params_json TEXT NOT NULL DEFAULT '{}';
ALTER TABLE trials ADD COLUMN values_json TEXT;
ALTER TABLE trials ADD COLUMN value0      REAL;
ALTER TABLE trials ADD COLUMN error       TEXT;
ALTER TABLE trials ADD COLUMN worker      INTEGER;
ALTER TABLE trials ADD COLUMN duration_ms INTEGER;
-- The number of the interrupted trial this one re-runs with the same params.
ALTER TABLE trials ADD COLUMN retry_of    INTEGER;
-- Last intermediate report, for the trials table without reading every step.
ALTER TABLE trials ADD COLUMN last_step   INTEGER;
ALTER TABLE trials ADD COLUMN last_value  REAL;

-- Paged, sorted listing of one study's trials (NULL values last both ways).
CREATE INDEX trials_value0      ON trials (study_id, value0);
CREATE INDEX trials_value0_nl   ON trials (study_id, value0 IS NULL, value0);
CREATE INDEX trials_state_value ON trials (study_id, state, value0);
CREATE INDEX trials_duration    ON trials (study_id, duration_ms);
CREATE INDEX trials_started     ON trials (study_id, started_at);

-- Which process runs the study now: a study marked 'running' whose process
-- is gone was interrupted (kill -9, power loss) and can be resumed.
ALTER TABLE studies ADD COLUMN runner_pid INTEGER;
ALTER TABLE studies ADD COLUMN seed       INTEGER NOT NULL DEFAULT 0;
