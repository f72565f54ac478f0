-- Schema 7: History sorts regression runs by validation R² and MSE, as it sorts
-- classification runs by accuracy. Like val_accuracy, they are copies of
-- metrics.val.* in columns (db/sqlite/run-row.ts metricColumns), each with the
-- two indexes the run list reads (db/sqlite/run-list.ts orderBy): descending
-- scans (col) backwards, ascending with NULLs last uses (col IS NULL, col).

ALTER TABLE runs ADD COLUMN val_r2  REAL;
ALTER TABLE runs ADD COLUMN val_mse REAL;

-- Stored runs get their copies from the metrics JSON, which keeps a non-finite
-- value as a string ('NaN', 'Infinity'): only JSON numbers are copied, as
-- metricColumns copies only finite ones.
UPDATE runs SET
  val_r2  = CASE WHEN json_type(metrics, '$.val.r2')  IN ('integer', 'real') THEN json_extract(metrics, '$.val.r2')  END,
  val_mse = CASE WHEN json_type(metrics, '$.val.mse') IN ('integer', 'real') THEN json_extract(metrics, '$.val.mse') END
WHERE json_type(metrics, '$.val') = 'object';

CREATE INDEX runs_val_r2     ON runs (val_r2);
CREATE INDEX runs_val_r2_nl  ON runs (val_r2 IS NULL, val_r2);
CREATE INDEX runs_val_mse    ON runs (val_mse);
CREATE INDEX runs_val_mse_nl ON runs (val_mse IS NULL, val_mse);
