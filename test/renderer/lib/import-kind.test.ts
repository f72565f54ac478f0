import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultImportKindForm, engineErrorField, fieldRefusal, importKindErrors, importKindFormErrors, sendsLabel, sequenceOptions, SERIES_DEFAULTS,
} from '../../../renderer/src/lib/import-kind.ts';
import { parseParams } from '../../../main/api/dispatch.ts';
import { parseSeriesCsv } from '../../../main/data/series/series-csv.ts';
import { parseTextCsv } from '../../../main/data/text/text-csv.ts';

/** The engine's own refusal of a call (its message), or a failed assertion when it accepts. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the engine accepted it');
}

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
  assert.deepEqual(options, { series: { time: 'date', target: 'sales', lookback: 14, values: ['temp'], id: 'store', horizon: 7, stride: 1 } });
  assert.doesNotThrow(() => parseParams('datasets.importPath', { path: 'a.csv', ...options }));
  assert.doesNotThrow(() => parseParams('datasets.importCsvText', { text: 'x', name: 'n', ...options }));
  assert.deepEqual(importKindErrors(form), {});
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

test("the engine's series refusals go to the field they are about", () => {
  const form = { ...defaultImportKindForm(['date', 'value'], 'series'), lookback: 60 };
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', lookback: 60 })), 'series'), 'series.lookback');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(200), { time: 'date', target: 'value', lookback: 150 })), 'series'), 'series.lookback');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'when', target: 'value', lookback: 3 })), 'series'), 'series.time');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'nope', lookback: 3 })), 'series'), 'series.target');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', id: 'shop', lookback: 3 })), 'series'), 'series.id');
  const unordered = ['date,value', '2024-01-02,1', '2024-01-01,2', ...days(40).slice(5)].join('\n');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(unordered, { time: 'date', target: 'value', lookback: 3 })), 'series'), 'series.time');
  const words = ['date,value,note', ...days(50).map((d) => `${d},x`)].join('\n');
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(words, { time: 'date', target: 'value', values: ['note'], lookback: 3 })), 'series'), 'series.values');
  // A schema refusal names its path.
  const schema = refusal(() => parseParams('datasets.importPath', { path: 'a.csv', series: { time: 'date', target: 'value', lookback: 0 } }));
  assert.equal(engineErrorField(schema, 'series'), 'series.lookback');
  // Not about a field of the kind: shown as a whole.
  assert.equal(engineErrorField('No such file or folder: a.csv', 'series'), null);
  assert.equal(engineErrorField(refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', lookback: 60 })), 'table'), null);
  assert.ok(fieldRefusal('No such file or folder: a.csv', form) === null);
});

test("the engine's text refusals go to the text columns or the max length", () => {
  const rows = Array.from({ length: 20 }, (_, i) => `"word${i % 5} other${i}",${i % 2 ? 'a' : 'b'}`);
  const csv = ['body,label', ...rows].join('\n');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(csv, { text: ['text'], label: 'label' })), 'text'), 'textColumns');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(csv, { text: ['label'], label: 'label' })), 'text'), 'textColumns');
  const empty = ['body,label', ...Array.from({ length: 20 }, (_, i) => `,${i % 2 ? 'a' : 'b'}`)].join('\n');
  assert.equal(engineErrorField(refusal(() => parseTextCsv(empty, { text: ['body'], label: 'label' })), 'text'), 'textColumns');
  const schema = refusal(() => parseParams('datasets.importCsvText', { text: csv, name: 'n', textColumns: ['body'], maxLength: 0 }));
  assert.equal(engineErrorField(schema, 'text'), 'maxLength');
  // A series sentence is no text field's.
  assert.equal(engineErrorField('time column "date" not found; columns are: "a"', 'text'), null);
});

test('a refusal stays on its field while the form asks the same, and goes once it changes', () => {
  const form = { ...defaultImportKindForm(['date', 'value'], 'series'), lookback: 60 };
  const message = refusal(() => parseSeriesCsv(seriesCsv(50), { time: 'date', target: 'value', lookback: 60 }));
  const shown = fieldRefusal(message, form, `lead: ${message}`);
  assert.ok(shown);
  assert.deepEqual(importKindFormErrors(form, '', shown), { 'series.lookback': `lead: ${message}` });
  assert.deepEqual(importKindFormErrors({ ...form, lookback: 20 }, '', shown), {});
  // The schema's own error on the field wins over an older refusal.
  assert.deepEqual(importKindFormErrors({ ...form, lookback: null }, '', shown), { 'series.lookback': 'Required' });
});
