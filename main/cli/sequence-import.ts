/**
 * The sequence flags of `modelbench dataset import`, read into the engine's
 * import options (SEQUENCE_IMPORT_FIELDS): --text COL (repeatable) and
 * --max-length N for text datasets; --series --time COL --target COL
 * [--values A,B] [--id COL] --lookback N [--horizon N] [--stride N]
 * [--validation F] [--test F] for time series (--label instead of --target:
 * sequence classification).
 */
import type { SeriesImport } from '../api/schemas.ts';
import { UsageError } from './common.ts';

export const SEQUENCE_OPTIONS = {
  text: { type: 'string', multiple: true },
  'max-length': { type: 'string' },
  series: { type: 'boolean', default: false },
  time: { type: 'string' },
  target: { type: 'string' },
  values: { type: 'string' },
  id: { type: 'string' },
  lookback: { type: 'string' },
  horizon: { type: 'string' },
  stride: { type: 'string' },
  validation: { type: 'string' },
  test: { type: 'string' },
} as const;

export const SEQUENCE_HELP = `Text: --text COL (repeat for several text columns; other feature columns must
be numeric) makes a text dataset; --max-length N tokens per row (default: the
95th percentile of words per row, at most 512). A folder of .txt files per class
is a text dataset by itself. Tokenisation happens per run on its training rows
(hyperparameters 'text': word-level or BPE; vocabulary = the embedding's vocabSize).
Series: --series --time COL --target COL --lookback N [--horizon N] [--stride N]
[--values A,B] [--id COL] [--validation F] [--test F]: windows of N steps of the
value columns forecasting the next horizon steps of the target; with --label COL
instead of --target, each window is classified by the label at its last step.
The split is chronological per series (the last shares; no window crosses it).`;

type SequenceValues = { [K in keyof typeof SEQUENCE_OPTIONS]?: (typeof SEQUENCE_OPTIONS)[K]['type'] extends 'boolean' ? boolean : K extends 'text' ? string[] : string };

function int(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a whole number ≥ 1, got '${value}'.`);
  return n;
}

function share(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(n >= 0 && n < 0.9)) throw new UsageError(`--${name} must be a share in [0, 0.9), got '${value}'.`);
  return n;
}

/** The import options these flags ask for (empty when none is given); usage errors for flags that do not go together. */
export function sequenceImportOptions(v: SequenceValues, hasLabel: boolean): { textColumns?: string[]; maxLength?: number; series?: SeriesImport } {
  const seriesFlags = (['time', 'target', 'values', 'id', 'lookback', 'horizon', 'stride', 'validation', 'test'] as const).filter((k) => v[k] !== undefined);
  if (!v.series && seriesFlags.length > 0) throw new UsageError(`--${seriesFlags[0]} is a series option: add --series.`);
  if (v.series) {
    if (v.text?.length) throw new UsageError('give either --text (a text dataset) or --series, not both.');
    if (v.time === undefined) throw new UsageError('--series needs --time COL (the time column).');
    if (v.target === undefined && !hasLabel) throw new UsageError('--series needs --target COL (to forecast) or --label COL (to classify windows).');
    const lookback = int('lookback', v.lookback);
    if (lookback === undefined) throw new UsageError('--series needs --lookback N (steps of history per window).');
    const series: SeriesImport = {
      time: v.time,
      lookback,
      ...(v.target !== undefined ? { target: v.target } : {}),
      ...(v.values !== undefined ? { values: v.values.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(v.id !== undefined ? { id: v.id } : {}),
      ...(v.horizon !== undefined ? { horizon: int('horizon', v.horizon) } : {}),
      ...(v.stride !== undefined ? { stride: int('stride', v.stride) } : {}),
      ...(v.validation !== undefined ? { validation: share('validation', v.validation) } : {}),
      ...(v.test !== undefined ? { test: share('test', v.test) } : {}),
    };
    return { series };
  }
  const maxLength = int('max-length', v['max-length']);
  if (!v.text?.length) {
    if (maxLength !== undefined) throw new UsageError('--max-length applies to text datasets: add --text COL.');
    return {};
  }
  return { textColumns: v.text, ...(maxLength !== undefined ? { maxLength } : {}) };
}
