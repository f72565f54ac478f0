-- Schema 4: claiming a trial of a shared study costs the same at a million trials as at ten.
-- trials.claimNext counts the study's trials as next_trial less the interrupted ones and looks
-- for the lowest interrupted one without a re-run: both read this partial index (its predicate
-- is db/sqlite/trials.ts interruptedSql), which holds only interrupted trials.
CREATE INDEX trials_interrupted ON trials (study_id, number)
  WHERE state = 'fail' AND error IS NOT NULL AND substr(error, 1, 13) = 'interrupted: ';
