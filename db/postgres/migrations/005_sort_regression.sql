-- Schema 5: History sorts regression runs by validation R² and MSE, as SQLite's
-- 007_sort_regression.sql: copies of metrics.val.r2 / .mse, indexed.
ALTER TABLE runs ADD COLUMN val_r2 DOUBLE PRECISION, ADD COLUMN val_mse DOUBLE PRECISION;

-- The metrics text keeps a non-finite value as a string ('NaN'): only JSON numbers are copied.
UPDATE runs SET
  val_r2  = CASE WHEN jsonb_typeof(metrics::jsonb -> 'val' -> 'r2')  = 'number' THEN (metrics::jsonb -> 'val' ->> 'r2')::double precision END,
  val_mse = CASE WHEN jsonb_typeof(metrics::jsonb -> 'val' -> 'mse') = 'number' THEN (metrics::jsonb -> 'val' ->> 'mse')::double precision END
WHERE jsonb_typeof(metrics::jsonb -> 'val') = 'object';

CREATE INDEX runs_val_r2  ON runs (val_r2);
CREATE INDEX runs_val_mse ON runs (val_mse);
