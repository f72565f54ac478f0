/** `modelbench forecast`: the real CLI on a temp home with a trained forecasting run. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, errorLine } from './helpers.ts';

describe('forecast command', () => {
  let dir: string;
  let home: string[];
  let runId: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mb-cli-forecast-'));
    home = ['--home', join(dir, 'home')];
    const csv = join(dir, 'daily.csv');
    writeFileSync(csv, ['t,v', ...Array.from({ length: 150 }, (_, i) => `${i},${Math.sin(i / 3) + i / 50}`)].join('\n'));
    const imported = await cli(['dataset', 'import', csv, '--series', '--time', 't', '--target', 'v', '--lookback', '6', '--horizon', '2', ...home]);
    assert.equal(imported.code, 0, imported.stderr);
    const trained = await cli(['train', '--dataset', 'daily', '--model', 'series-cnn', '--epochs', '2', ...home, '--json']);
    assert.equal(trained.code, 0, trained.stderr);
    runId = (JSON.parse(trained.lines.at(-1) as string) as { id: string }).id;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a table of the chosen windows, the MAE per step ahead, best and worst; --json is the API answer', async () => {
    const text = await cli(['forecast', runId, '--windows', '0,2', ...home]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /test split: \d+ windows of 6 steps read, 2 forecast \('v'\)\. MAE over the split: /);
    assert.match(text.stdout, /MAE by step ahead: t\+1 \S+ {2}t\+2 \S+/);
    assert.match(text.stdout, /WINDOW\s+SERIES\s+FORECAST STEPS\s+MAE\s+TRUTH\s+PREDICTION\n0\s+-\s+\d+-\d+/);
    assert.match(text.stdout, /Best windows: \d+ \(/);
    const json = await cli(['forecast', runId, '--split', 'val', '--count', '3', '--pick', 'worst', ...home, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.lines.at(-1) as string) as { split: string; windows: { index: number }[]; worst: { index: number }[] };
    assert.equal(out.split, 'val');
    assert.deepEqual(out.windows.map((w) => w.index), out.worst.slice(0, 3).map((w) => w.index));
  });

  test('an ensemble of forecasters forecasts too, by its id', async () => {
    const built = await cli(['ensemble', 'create', '--method', 'bagging', '--dataset', 'daily', '--members', '2', '--model', 'series-cnn', '--epochs', '2', ...home, '--json']);
    assert.equal(built.code, 0, built.stderr);
    const ensembleId = (JSON.parse(built.lines.at(-1) as string) as { id: string }).id;
    const text = await cli(['forecast', ensembleId, '--count', '2', ...home]);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^Ensemble ${ensembleId}, test split: \\d+ windows of 6 steps read, 2 forecast \\('v'\\)`, 'm'));
  });

  test('bad input: clear errors', async () => {
    const both = await cli(['forecast', runId, '--windows', '1', '--count', '2', ...home]);
    assert.equal(both.code, 2);
    assert.match(errorLine(both), /--windows, or --count and --pick, not both/);
    const fraction = await cli(['forecast', runId, '--windows', '1.5', ...home]);
    assert.match(errorLine(fraction), /--windows must be an integer/);
    const outside = await cli(['forecast', runId, '--windows', '100000', ...home]);
    assert.equal(outside.code, 1);
    assert.match(errorLine(outside), /window 100000 is outside the test split/);
  });
});
