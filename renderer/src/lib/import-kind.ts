/**
 * The "kind" part of the Datasets screen's CSV imports (upload, host path, desktop path): a table,
 * a text dataset (which columns are text, how many tokens per row) or a time series (time, target,
 * value and id columns, lookback, horizon, stride). The form → the engine's sequence import fields
 * (SEQUENCE_IMPORT_FIELDS of datasets.importPath / importCsvText), checked with the engine's own
 * schema before anything is sent, and the engine's refusals put back on the field they are about.
 */
import { z } from 'zod';
import { SEQUENCE_IMPORT_FIELDS, type SeriesImport } from '../../../main/api/schemas.ts';
import { t } from '../i18n/index.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

export const IMPORT_KINDS = ['table', 'text', 'series'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The CLI's (and the engine's) defaults when --horizon and --stride are not given; lookback has none. */
export const SERIES_DEFAULTS = { horizon: 1, stride: 1 } as const;

export type ImportKindForm = {
  kind: ImportKind;
  textColumns: string[];
  /** Empty: the engine's default (the 95th percentile of words per row). */
  maxLength: number | null;
  time: string;
  target: string;
  /** Empty: every other numeric column. */
  values: string[];
  /** '' : one series. */
  id: string;
  lookback: number | null;
  horizon: number | null;
  stride: number | null;
};

export type SequenceOptions = { textColumns?: string[]; maxLength?: number; series?: SeriesImport };

const TIME_NAMES = ['date', 'time', 'timestamp', 'datetime', 'ds', 'day', 'week', 'month', 'year', 't'];
const TEXT_NAMES = ['text', 'body', 'message', 'review', 'comment', 'content', 'sentence', 'subject', 'title', 'description'];
const byName = (columns: readonly string[], names: readonly string[]) => columns.find((c) => names.includes(c.toLowerCase()));

/** A form for a file with these columns: the likeliest time, target and text columns picked, the CLI's defaults. */
export function defaultImportKindForm(columns: readonly string[], kind: ImportKind = 'table'): ImportKindForm {
  const time = byName(columns, TIME_NAMES) ?? columns[0] ?? '';
  const text = byName(columns, TEXT_NAMES);
  return {
    kind,
    textColumns: text ? [text] : [],
    maxLength: null,
    time,
    target: [...columns].reverse().find((c) => c !== time) ?? '',
    values: [],
    id: '',
    lookback: null,
    horizon: SERIES_DEFAULTS.horizon,
    stride: SERIES_DEFAULTS.stride,
  };
}

/** A number input's value: empty (null/NaN) means "not given". */
const num = (v: number | null | undefined): number | undefined => (v == null || Number.isNaN(v) ? undefined : v);

/** The sequence fields to send with the import: none for a table. */
export function sequenceOptions(form: ImportKindForm): SequenceOptions {
  if (form.kind === 'text') {
    const maxLength = num(form.maxLength);
    return { textColumns: [...form.textColumns], ...(maxLength !== undefined ? { maxLength } : {}) };
  }
  if (form.kind !== 'series') return {};
  const series: Record<string, unknown> = { time: form.time, target: form.target, lookback: num(form.lookback) };
  // A value ticked before it became the time, target or id column is not offered any more: not sent.
  const values = form.values.filter((v) => v !== form.time && v !== form.target && v !== form.id);
  if (values.length > 0) series.values = values;
  if (form.id) series.id = form.id;
  const horizon = num(form.horizon);
  const stride = num(form.stride);
  if (horizon !== undefined) series.horizon = horizon;
  if (stride !== undefined) series.stride = stride;
  return { series: series as SeriesImport };
}

/** Whether the label column goes with the import: a series forecasts its target instead. */
export const sendsLabel = (kind: ImportKind): boolean => kind !== 'series';

const SequenceFields = z.object(SEQUENCE_IMPORT_FIELDS).strict();

/**
 * What the engine would refuse before reading the file, on its field ('series.lookback',
 * 'textColumns'): its schema's ranges, and the choices that cannot go together (a column that is
 * both the label and a text column, the time column as the target or the id).
 */
export function importKindErrors(form: ImportKindForm, label = ''): FieldErrors {
  if (form.kind === 'table') return {};
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fieldErrors(SequenceFields, sequenceOptions(form)))) {
    const field = fieldOf(key);
    if (!(field in out)) out[field] = message;
  }
  if (form.kind === 'text') {
    // Said for this form rather than the schema's "At least 1 needed".
    if (form.textColumns.length === 0) out.textColumns = t('datasets.kind.error.pickText');
    else if (label && form.textColumns.includes(label)) out.textColumns ??= t('datasets.kind.error.textIsLabel', { column: label });
  } else {
    if (form.target && form.target === form.time) out['series.target'] ??= t('datasets.kind.error.targetIsTime');
    if (form.id && (form.id === form.time || form.id === form.target)) out['series.id'] ??= t('datasets.kind.error.idTaken');
  }
  return out;
}

/** 'textColumns.0' → 'textColumns', 'series.values.2' → 'series.values': one message per input. */
function fieldOf(path: string): string {
  return path.replace(/(\.\d+)+$/, '');
}

/** The engine's refusals of a sequence import, by what their message says, and the field each is about. */
const ENGINE_REFUSALS: readonly [RegExp, string][] = [
  [/fewer than one window of lookback/, 'series.lookback'],
  [/^time column |duplicate time /, 'series.time'],
  [/^target column /, 'series.target'],
  [/^id column /, 'series.id'],
  [/^value column |is the time, id or target column|has no value columns/, 'series.values'],
  [/^text column |is the label; it cannot also be a text column|a text column is named twice|name it as a text column too|vocabulary of \d+ token/, 'textColumns'],
  [/^maxLength /, 'maxLength'],
];

/**
 * The field an engine error is about, or null when it is about none of the kind's fields (then the
 * form shows it as a whole). Schema errors name their path ('series.lookback: Must be …'); data
 * errors are recognised by their sentence.
 */
export function engineErrorField(message: string, kind: ImportKind): string | null {
  if (kind === 'table') return null;
  const prefix = kind === 'text' ? /^(textColumns|maxLength)\b/ : /^series\.(\w+)/;
  // dispatch.ts: "Invalid argument for datasets.importPath: series.lookback: …; …"
  const detail = message.replace(/^Invalid argument for [\w.]+: /, '');
  const path = prefix.exec(detail);
  if (path) return fieldOf(detail.slice(0, detail.indexOf(':')));
  for (const [pattern, field] of ENGINE_REFUSALS) {
    if (pattern.test(detail) && (kind === 'text' ? !field.startsWith('series.') : field.startsWith('series.'))) return field;
  }
  return null;
}

/** An engine refusal put on its field, for the options that were sent (it goes once they change). */
export type FieldRefusal = { field: string; message: string; sent: string };

/** `shown`: the message as the form shows it (errorMessage: translated lead-in + the engine's sentence). */
export function fieldRefusal(message: string, form: ImportKindForm, shown = message): FieldRefusal | null {
  const field = engineErrorField(message, form.kind);
  return field ? { field, message: shown, sent: JSON.stringify(sequenceOptions(form)) } : null;
}

/** The form's errors: the schema's and the choices', then the engine's refusal while the form still asks the same. */
export function importKindFormErrors(form: ImportKindForm, label: string, refusal: FieldRefusal | null): FieldErrors {
  const errors = importKindErrors(form, label);
  if (!refusal || refusal.sent !== JSON.stringify(sequenceOptions(form)) || refusal.field in errors) return errors;
  return { ...errors, [refusal.field]: refusal.message };
}
