/**
 * The "kind" part of the Datasets screen's CSV imports (upload, host path, desktop path): a table,
 * a text dataset (which columns are text, how many tokens per row) or a time series (time, value and
 * id columns, lookback, stride, the validation and test shares of its chronological split, and either
 * a target to forecast `horizon` steps of or a label column to classify each window by). The form →
 * the engine's sequence import fields (SEQUENCE_IMPORT_FIELDS of datasets.importPath / importCsvText,
 * plus the import's `label` for a classified series), checked with the engine's own schema before
 * anything is sent, and the engine's refusals put back on the field they name (details.field).
 */
import { z } from 'zod';
import { SEQUENCE_IMPORT_FIELDS, type SeriesImport } from '../../../main/api/schemas.ts';
import { SERIES_SHARE_DEFAULT } from '../../../main/data/series/defaults.ts';
import { engineMessage, errorField } from '../api/errors.ts';
import { t } from '../i18n/index.ts';
import { guessLabelColumn } from './csv-header.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

export const IMPORT_KINDS = ['table', 'text', 'series'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * The CLI's (and the engine's, main/data/series/series-csv.ts) defaults when --horizon, --stride and
 * the split shares are not given; lookback has none. The form always sends what it shows.
 */
export const SERIES_DEFAULTS = { horizon: 1, stride: 1, validation: SERIES_SHARE_DEFAULT, test: SERIES_SHARE_DEFAULT } as const;

/** A series forecasts its target, or classifies each window by its label at the last step. */
export const SERIES_TASKS = ['forecast', 'classify'] as const;
export type SeriesTask = (typeof SERIES_TASKS)[number];

export type ImportKindForm = {
  kind: ImportKind;
  textColumns: string[];
  /** Empty: the engine's default (the 95th percentile of words per row). */
  maxLength: number | null;
  time: string;
  seriesTask: SeriesTask;
  /** Forecasting: the column forecast. */
  target: string;
  /** Sequence classification: the column whose value at a window's last step is its class (sent as the import's `label`). */
  seriesLabel: string;
  /** Empty: every other numeric column. */
  values: string[];
  /** '' : one series. */
  id: string;
  lookback: number | null;
  horizon: number | null;
  stride: number | null;
  /** Shares of each series (its last steps) for validation and test. */
  validation: number | null;
  test: number | null;
};

/** `label`: only for a classified series, whose label column the form chooses itself. */
export type SequenceOptions = { textColumns?: string[]; maxLength?: number; series?: SeriesImport; label?: string };

const TIME_NAMES = ['date', 'time', 'timestamp', 'datetime', 'ds', 'day', 'week', 'month', 'year', 't'];
const TEXT_NAMES = ['text', 'body', 'message', 'review', 'comment', 'content', 'sentence', 'subject', 'title', 'description'];
const byName = (columns: readonly string[], names: readonly string[]) => columns.find((c) => names.includes(c.toLowerCase()));

/** A form for a file with these columns: the likeliest time, target, label and text columns picked, the CLI's defaults. */
export function defaultImportKindForm(columns: readonly string[], kind: ImportKind = 'table', seriesTask: SeriesTask = 'forecast'): ImportKindForm {
  const time = byName(columns, TIME_NAMES) ?? columns[0] ?? '';
  const text = byName(columns, TEXT_NAMES);
  const label = guessLabelColumn(columns);
  return {
    kind,
    textColumns: text ? [text] : [],
    maxLength: null,
    time,
    seriesTask,
    target: [...columns].reverse().find((c) => c !== time) ?? '',
    seriesLabel: label !== time ? label : '',
    values: [],
    id: '',
    lookback: null,
    horizon: SERIES_DEFAULTS.horizon,
    stride: SERIES_DEFAULTS.stride,
    validation: SERIES_DEFAULTS.validation,
    test: SERIES_DEFAULTS.test,
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
  const classify = form.seriesTask === 'classify';
  const series: Record<string, unknown> = { time: form.time, ...(classify ? {} : { target: form.target }), lookback: num(form.lookback) };
  // A value ticked before it became the time, target, label or id column is not offered any more: not sent.
  const values = form.values.filter((v) => !seriesColumns(form).includes(v));
  if (values.length > 0) series.values = values;
  if (form.id) series.id = form.id;
  // A classified window has no horizon: the engine ignores one, so none is sent.
  const numbers = { horizon: classify ? undefined : num(form.horizon), stride: num(form.stride), validation: num(form.validation), test: num(form.test) };
  for (const [key, value] of Object.entries(numbers)) if (value !== undefined) series[key] = value;
  return { series: series as SeriesImport, ...(classify ? { label: form.seriesLabel } : {}) };
}

/** The columns a series form has given a role (time, id, and the target or the label): not offered as values. */
export function seriesColumns(form: ImportKindForm): string[] {
  return [form.time, form.id, form.seriesTask === 'classify' ? form.seriesLabel : form.target].filter((c) => c !== '');
}

/** Whether the parent form's label column goes with the import: a series names its own target or label. */
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
  const { label: seriesLabel, ...sequence } = sequenceOptions(form);
  for (const [key, message] of Object.entries(fieldErrors(SequenceFields, sequence))) {
    const field = fieldOf(key);
    if (!(field in out)) out[field] = message;
  }
  if (form.kind === 'text') {
    // Said for this form rather than the schema's "At least 1 needed".
    if (form.textColumns.length === 0) out.textColumns = t('datasets.kind.error.pickText');
    else if (label && form.textColumns.includes(label)) out.textColumns ??= t('datasets.kind.error.textIsLabel', { column: label });
  } else if (form.seriesTask === 'classify') {
    // The import's label field takes any text (a table's label may be empty); a classified series needs one.
    if (!seriesLabel) out.label = t('fieldErrors.required');
    else if (seriesLabel === form.time || seriesLabel === form.id) out.label = t('datasets.kind.error.labelIsTime');
  } else {
    if (form.target && form.target === form.time) out['series.target'] ??= t('datasets.kind.error.targetIsTime');
    if (form.id && (form.id === form.time || form.id === form.target)) out['series.id'] ??= t('datasets.kind.error.idTaken');
  }
  if (form.kind === 'series') {
    // Each share is in range by the schema; together they must leave some steps for training.
    const [validation, test] = [num(form.validation), num(form.test)];
    if (validation !== undefined && test !== undefined && validation + test >= 1) out['series.test'] ??= t('datasets.kind.error.noTraining');
  }
  return out;
}

/** 'textColumns.0' → 'textColumns', 'series.values.2' → 'series.values': one message per input. */
function fieldOf(path: string): string {
  return path.replace(/(\.\d+)+$/, '');
}

/** The fields a form of this kind shows, where an engine refusal about one of them goes. */
export function kindFields(form: ImportKindForm): readonly string[] {
  if (form.kind === 'text') return ['textColumns', 'maxLength'];
  if (form.kind !== 'series') return [];
  const shared = ['series.time', 'series.id', 'series.values', 'series.lookback', 'series.stride', 'series.validation', 'series.test'];
  return form.seriesTask === 'classify' ? [...shared, 'label'] : [...shared, 'series.target', 'series.horizon'];
}

/**
 * The field of the form an engine error is about, or null when it is about none the form shows
 * (then the form shows it as a whole). The engine names the field in details.field (errorField),
 * both for its own refusals and for an argument the API's schema refused (dispatch.ts: the
 * path, when every issue is about one).
 */
export function engineErrorField(error: unknown, form: ImportKindForm): string | null {
  const path = errorField(error);
  // A schema refusal (dispatch.ts) names the whole path: less an array index ('series.values.2' → 'series.values').
  const field = path === null ? null : fieldOf(path);
  return field !== null && kindFields(form).includes(field) ? field : null;
}

/** An engine refusal put on its field, for the options that were sent (it goes once they change). */
export type FieldRefusal = { field: string; message: string; sent: string };

/** `shown`: the message as the form shows it (errorMessage: translated lead-in + the engine's sentence). */
export function fieldRefusal(error: unknown, form: ImportKindForm, shown = engineMessage(error)): FieldRefusal | null {
  const field = engineErrorField(error, form);
  return field ? { field, message: shown, sent: JSON.stringify(sequenceOptions(form)) } : null;
}

/** The form's errors: the schema's and the choices', then the engine's refusal while the form still asks the same. */
export function importKindFormErrors(form: ImportKindForm, label: string, refusal: FieldRefusal | null): FieldErrors {
  const errors = importKindErrors(form, label);
  if (!refusal || refusal.sent !== JSON.stringify(sequenceOptions(form)) || refusal.field in errors) return errors;
  return { ...errors, [refusal.field]: refusal.message };
}
