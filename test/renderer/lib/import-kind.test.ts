import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultImportKindForm, engineErrorField, fieldRefusal, importKindErrors, importKindFormErrors, sendsLabel, sequenceOptions, SERIES_DEFAULTS,
} from '../../../renderer/src/lib/import-kind.ts';
import { parseParams } from '../../../main/api/dispatch.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { parseCsvImport } from '../../../main/data/csv-import.ts';
import { parseSeriesCsv } from '../../../main/data/series/series-csv.ts';
import { parseTextCsv } from '../../../main/data/text/text-csv.ts';

/** The engine's own refusal of a call (the error it throws), or a failed assertion when it accepts. */
function refusal(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('the engine accepted it');
}
const messageOf = (error: unknown): string => (error as Error).message;

const days = (n: number) => Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},${(i % 7) + 1}`);
const seriesCsv = (n: number) => ['date,value', ...days(n)].join('\n');

test('a new form picks the likely time, target and text columns and the CLI defaults', () => {
  const form = defaultImportKindForm(['Date', 'sales', 'price']);
  assert.equal(form.kind, 'table');
  assert.equal(form.time, 'Date');
  assert.equal(form.target, 'price');
  assert.deepEqual([form.horizon, form.stride], [SERIES_DEFAULTS.horizon, SERIES_DEFAULTS.stride]);
  assert.equal(form.lookback, null);
  assert.deepEqual(defaultImportKindForm(['review', 'stars'], 'text').textColumns, ['review']);
  assert.deepEqual(defaultImportKindForm(['a', 'b']).textColumns, []);
  // No time-like name: the first column is the time and the last the target.
  assert.deepEqual([defaultImportKindForm(['x', 'y']).time, defaultImportKindForm(['x', 'y']).target], ['x', 'y']);
});

test('a table sends no sequence fields; text sends its columns and max length only when given', () => {
  const form = defaultImportKindForm(['text', 'label']);
  assert.deepEqual(sequenceOptions(form), {});
  assert.deepEqual(sequenceOptions({ ...form, kind: 'text' }), { textColumns: ['text'] });
  assert.deepEqual(sequenceOptions({ ...form, kind: 'text', maxLength: 40 }), { textColumns: ['text'], maxLength: 40 });
  assert.deepEqual(sequenceOptions({ ...form, kind: 'text', maxLength: Number.NaN }), { textColumns: ['text'] });
  assert.equal(sendsLabel('text'), true);
  assert.equal(sendsLabel('series'), false);
});

test('a series sends what the engine takes, and the engine accepts it', () => {
  const form = { ...defaultImportKindForm(['date', 'store', 'temp', 'sales'], 'series'), lookback: 14, horizon: 7, id: 'store', values: ['temp', 'sales'] };
  const options = sequenceOptions(form);
  // 'sales' became the target after it was ticked as a value: not offered, not sent.
  assert.deepEqual(options, { series: { time: 'date', target: 'sales', lookback: 14, values: ['temp'], id: 'store', horizon: 7, stride: 1, validation: 0.15, test: 0.15 } });
  assert.doesNotThrow(() => parseParams('datasets.importPath', { path: 'a.csv', ...options }));
  assert.doesNotThrow(() => parseParams('datasets.importCsvText', { text: 'x', name: 'n', ...options }));
  assert.deepEqual(importKindErrors(form), {});
});

test('a classified series sends its label as the import\'s label, no target or horizon, and the engine imports it', () => {
  const columns = ['date', 'value', 'kind'];
  const form = { ...defaultImportKindForm(columns, 'series', 'classify'), lookback: 5, validation: 0.2, test: 0.1 };
  assert.equal(form.seriesLabel, 'kind', 'the last column is the likeliest label');
  const options = sequenceOptions(form);
  assert.deepEqual(options, { series: { time: 'date', lookback: 5, stride: 1, validation: 0.2, test: 0.1 }, label: 'kind' });
  assert.deepEqual(importKindErrors(form), {});
  const params = parseParams('datasets.importPath', { path: 'a.csv', ...options });
  // The real import: classes from the label at each window's end, the split's shares as sent.
  const csv = ['date,value,kind', ...days(100).map((d, i) => `${d},${i % 3 === 0 ? 'a' : 'b'}`)].join('\n');
  const data = parseCsvImport(csv, { label: params.label, series: params.series });
  assert.equal(data.task, 'classification');
  assert.deepEqual(data.classes, ['a', 'b']);
  assert.deepEqual(data.info?.series?.split, { validation: 0.2, test: 0.1 });
  // The label is the series' own choice: a value ticked before it became the label is not sent.
  assert.equal(sequenceOptions({ ...form, values: ['kind', 'value'] }).series?.values?.join(), 'value');
});

test('a classified series needs its label column, not the time or id; the shares must leave training steps', () => {
  const form = { ...defaultImportKindForm(['date', 'value', 'kind'], 'series', 'classify'), lookback: 5 };
  assert.deepEqual(importKindErrors({ ...form, seriesLabel: '' }), { label: 'Required' });
  assert.match(importKindErrors({ ...form, seriesLabel: 'date' }).label, /time or id column/);
  assert.deepEqual(importKindErrors({ ...form, validation: 0, test: 0.95 }), { 'series.validation': 'Must be more than 0', 'series.test': 'Must be less than 0.9' });
  assert.match(importKindErrors({ ...form, validation: 0.5, test: 0.5 })['series.test'], /nothing for training/);
  assert.deepEqual(importKindErrors({ ...form, validation: 0.3, test: 0 }), {}, 'no test part is allowed');
  // Shares left empty: the engine's defaults, not sent.
  assert.equal('validation' in (sequenceOptions({ ...form, validation: null }).series ?? {}), false);
  assert.deepEqual([defaultImportKindForm([]).validation, defaultImportKindForm([]).test], [SERIES_DEFAULTS.validation, SERIES_DEFAULTS.test]);
  // The engine's refusal of a classified series without a label names the form's label field.
  const noLabel = (() => {
    try {
      parseCsvImport('date,value,kind\n2024-01-01,1,a\n', { task: 'classification', series: { time: 'date', lookback: 1 } });
    } catch (error) {
      return error;
    }
    throw new Error('expected a refusal');
  })();
  assert.equal(engineErrorField(noLabel, form), 'label');
});

test('the schema\'s ranges and the choices that clash are on their fields', () => {
  const series = { ...defaultImportKindForm(['date', 'value'], 'series') };
  assert.deepEqual(importKindErrors(series), { 'series.lookback': 'Required' });
  assert.deepEqual(importKindErrors({ ...series, lookback: 0, horizon: 2.5, stride: 5000 }), {
    'series.lookback': 'Must be at least 1',
    'series.horizon': 'Enter a whole number',
    'series.stride': 'Must be at most 4,096',
  });
  assert.match(importKindErrors({ ...series, lookback: 3, target: 'date' })['series.target'], /time column/);
  assert.match(importKindErrors({ ...series, lookback: 3, id: 'value' })['series.id'], /id column/);
  const text = defaultImportKindForm(['body', 'label'], 'text');
  assert.deepEqual(importKindErrors(text, 'label'), {});
  assert.match(importKindErrors({ ...text, textColumns: [] }).textColumns, /at least one text column/);
  assert.match(importKindErrors({ ...text, textColumns: ['label'] }, 'label').textColumns, /is the label column/);
  assert.deepEqual(importKindErrors({ ...text, maxLength: 513 }), { maxLength: 'Must be at most 512' });
  assert.deepEqual(importKindErrors({ ...text, kind: 'table', textColumns: [] }), {});
});

test("the engine's series refusals go to the field they name (details.field)", () => {
  const form = { ...defaultImportKindForm(['date', 'value'], 'series'), lookback: 60 };
  const field = (opts: Parameters<typeof parseSeriesCsv>[1], csv = seriesCsv(50), on = form) => engineErrorField(refusal(() => parseSeriesCsv(csv, opts)), on);
  assert.equal(field({ time: 'date', target: 'value', lookback: 60 }), 'series.lookback');
  assert.equal(field({ time: 'date', target: 'value', lookback: 150 }, seriesCsv(200)), 'series.lookback');
  assert.equal(field({ time: 'when', target: 'value', lookback: 3 }), 'series.time');
  assert.equal(field({ time: 'date', target: 'nope', lookback: 3 }), 'series.target');
  assert.equal(field({ time: 'date', target: 'value', id: 'shop', lookback: 3 }), 'series.id');
  assert.equal(field({ time: 'date', target: 'value', lookback: 3, validation: 0.95 }), 'series.validation');
  const unordered = ['date,value', '2024-01-02,1', '2024-01-01,2', ...days(40).slice(5)].join('\n');
  assert.equal(field({ time: 'date', target: 'value', lookback: 3 }, unordered), 'series.time');
  const words = ['date,value,note', ...days(50).map((d) => `${d},x`)].join('\n');
  assert.equal(field({ time: 'date', target: 'value', values: ['note'], lookback: 3 }, words), 'series.values');
  // Classification: the label is the import's own field, shown by the series form only when it classifies.
  const classify = { ...form, seriesTask: 'classify' as const, seriesLabel: 'kind' };
  assert.equal(field({ time: 'date', label: 'kind', lookback: 3 }, seriesCsv(50), classify), 'label');
  assert.equal(field({ time: 'date', label: 'kind', lookback: 3 }, seriesCsv(50), form), null, 'a forecast form shows no label field');
  const oneClass = ['date,value,kind', ...days(50).map((d) => `${d},a`)].join('\n');
  assert.equal(field({ time: 'date', label: 'kind', lookback: 3 }, oneClass, classify), 'label');
  assert.equal(field({ time: 'date', target: 'nope', lookback: 3 }, seriesCsv(50), classify), null, 'a classifying form shows no target');
  // A schema refusal names its path.
  const schema = refusal(() => parseParams('datasets.importPath', { path: 'a.csv', series: { time: 'date', target: 'value', lookback: 0 } }));
  assert.equal(engineErrorField(schema, form), 'series.lookback');
  // Not about a field of the form: shown as a whole, however it is worded.
  assert.equal(engineErrorField(new ApiError('not_found', 'No such file or folder: a.csv'), form), null);
  assert.equal(engineErrorField(new ApiError('bad_data', 'series has 50 steps, fewer than one window of lookback 60'), form), null, 'wording alone places nothing');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', lookback: 60 })), { ...form, kind: 'table' }), null);
  assert.ok(fieldRefusal(new ApiError('not_found', 'No such file or folder: a.csv'), form) === null);
});

test("the engine's text refusals go to the text columns or the max length", () => {
  const rows = Array.from({ length: 20 }, (_, i) => `"word${i % 5} other${i}",${i % 2 ? 'a' : 'b'}`);
  const csv = ['body,label', ...rows].join('\n');
  const form = defaultImportKindForm(['body', 'label'], 'text');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(csv, { text: ['text'], label: 'label' })), form), 'textColumns');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(csv, { text: ['label'], label: 'label' })), form), 'textColumns');
  const empty = ['body,label', ...Array.from({ length: 20 }, (_, i) => `,${i % 2 ? 'a' : 'b'}`)].join('\n');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(empty, { text: ['body'], label: 'label' })), form), 'textColumns');
  const schema = refusal(() => parseParams('datasets.importCsvText', { text: csv, name: 'n', textColumns: ['body'], maxLength: 0 }));
  assert.equal(engineErrorField(schema, form), 'maxLength');
  // The text form's label is the parent form's own select, not one of the kind's fields: shown as a whole.
  assert.equal(engineErrorField(refusal(() => parseTextCsv(csv, { text: ['body'], label: 'nope' })), form), null);
  // A series field is no text form's.
  assert.equal(engineErrorField(new ApiError('bad_data', 'time column "date" not found', { field: 'series.time' }), form), null);
});

test('a refusal stays on its field while the form asks the same, and goes once it changes', () => {
  const form = { ...defaultImportKindForm(['date', 'value'], 'series'), lookback: 60 };
  const error = refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', lookback: 60 }));
  const message = messageOf(error);
  const shown = fieldRefusal(error, form, `lead: ${message}`);
  assert.ok(shown);
  assert.deepEqual(importKindFormErrors(form, '', shown), { 'series.lookback': `lead: ${message}` });
  assert.deepEqual(importKindFormErrors({ ...form, lookback: 20 }, '', shown), {});
  // The schema's own error on the field wins over an older refusal.
  assert.deepEqual(importKindFormErrors({ ...form, lookback: null }, '', shown), { 'series.lookback': 'Required' });
});
