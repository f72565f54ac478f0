/** `modelbench dataset import` with --text and --series, and training on what they import, through the real CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from './helpers.ts';

const mails = ['text,subject,hour,label', ...Array.from({ length: 60 }, (_, i) => (i % 2 ? `"win cheap prize ${i}","${["hello", "re: update", "news"][i % 3]}",${i % 5},spam` : `"meeting notes ${i}","${["hello", "re: update", "news"][i % 3]}",${i % 7},ham`))].join('\n');

test('--text makes a text dataset: texts kept, numeric columns beside them, statistics printed in --json', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const file = writeFile(dir, 'mails.csv', mails);
  const out = await cli(['dataset', 'import', file, '--text', 'text', '--text', 'subject', '--max-length', '16', ...home, '--json']);
  assert.equal(out.code, 0, out.stderr);
  const meta = JSON.parse(out.lines.at(-1)!);
  assert.deepEqual(meta.inputShape, [16]);
  assert.deepEqual(meta.info.text.textColumns, ['text', 'subject']);
  assert.deepEqual(meta.info.text.numericColumns, ['hour']);
  assert.ok(meta.info.text.stats.distinctWords > 60);

  const words = await cli(['dataset', 'import', file, '--text', 'text', ...home]);
  assert.equal(words.code, 1);
  assert.match(errorLine(words), /column 'subject' holds words, not numbers: name it as a text column too \(--text subject\)/);
  const usage = await cli(['dataset', 'import', file, '--max-length', '16', ...home]);
  assert.equal(usage.code, 2);
  assert.match(errorLine(usage), /--max-length applies to text datasets/);
});

test('--series windows a CSV; the run trains on its chronological split; bad series are refused', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const rows = Array.from({ length: 120 }, (_, i) => `${new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)},${100 + 10 * Math.sin((2 * Math.PI * i) / 7) + i * 0.1}`);
  const file = writeFile(dir, 'daily.csv', ['day,value', ...rows].join('\n'));
  const out = await cli(['dataset', 'import', file, '--series', '--time', 'day', '--target', 'value', '--lookback', '14', '--horizon', '3', ...home, '--json']);
  assert.equal(out.code, 0, out.stderr);
  const meta = JSON.parse(out.lines.at(-1)!);
  assert.deepEqual(meta.inputShape, [14, 1]);
  assert.deepEqual(meta.classes, ['value t+1', 'value t+2', 'value t+3']);
  assert.equal(meta.info.series.series[0].start, '2020-01-01');

  const trained = await cli(['train', '--dataset', meta.id, '--model', 'series-cnn', '--epochs', '2', ...home, '--json']);
  assert.equal(trained.code, 0, trained.stderr);
  const run = JSON.parse(trained.lines.at(-1)!);
  assert.equal(run.status, 'completed', run.error);
  assert.ok(Number.isFinite(run.metrics.test.mae));

  const flags = await cli(['dataset', 'import', file, '--time', 'day', ...home]);
  assert.equal(flags.code, 2);
  assert.match(errorLine(flags), /--time is a series option: add --series/);
  const dup = writeFile(dir, 'dup.csv', ['day,value', ...rows.slice(0, 50), rows[49], ...rows.slice(50)].join('\n'));
  const refused = await cli(['dataset', 'import', dup, '--series', '--time', 'day', '--target', 'value', '--lookback', '7', ...home]);
  assert.equal(refused.code, 1);
  assert.match(errorLine(refused), /duplicate time '2020-02-19' in rows 51 and 52/);
  const long = await cli(['dataset', 'import', file, '--series', '--time', 'day', '--target', 'value', '--lookback', '200', ...home]);
  assert.equal(long.code, 1);
  assert.match(errorLine(long), /120 steps, fewer than one window of lookback 200/);
});
