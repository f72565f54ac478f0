-- Schema 10: claiming a trial of a study costs the same at a million trials as at ten,
-- as on PostgreSQL (its migration 004). trials.claimNext counts a study's trials as the
-- next number less the interrupted ones, and looks for the lowest interrupted trial that
-- nothing re-runs yet: both read only this partial index, whose predicate is
-- db/sqlite/trials.ts interruptedSql (a query must spell it the same way to use it).
CREATE INDEX trials_interrupted ON trials (study_id, number)
  WHERE state = 'fail' AND error IS NOT NULL AND substr(error, 1, 13) = 'interrupted: ';
-- Whether an interrupted trial already has its re-run: one index lookup, not a pass
-- over the study (not unique, unlike PostgreSQL's: the claim's immediate transaction
-- is SQLite's guard, and an old file must not fail to open over a duplicate).
CREATE INDEX trials_retry ON trials (study_id, retry_of) WHERE retry_of IS NOT NULL;
