/** `modelbench dataset import`: the --missing and --name flags and what the import prints, through the real CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from './helpers.ts';

test('--missing: refused without it (the error names the flag), filled with it, and a bad value is a usage error', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const file = writeFile(dir, 'gaps.csv', 'a,b,y\n1,NA,x\n2,4,z\n3,,z\n4,8,x\n');

  const refused = await cli(['dataset', 'import', file, ...home]);
  assert.equal(refused.code, 1);
  assert.match(errorLine(refused), /2 missing values in 1 column: 'b' \(2, first in row 2\)\. .*--missing.*drop-rows/);

  const bad = await cli(['dataset', 'import', file, '--missing', 'zero', ...home]);
  assert.equal(bad.code, 2);
  assert.match(errorLine(bad), /--missing must be one of refuse, drop-rows, mean, median, most-frequent, got 'zero'/);

  const filled = await cli(['dataset', 'import', file, '--missing', 'mean', ...home]);
  assert.equal(filled.code, 0, filled.stderr);
  assert.match(filled.stdout, /^Imported dataset 'gaps' \(ds_\w+\): classification, 4 samples/m);
  assert.match(filled.stdout, /^ {2}missing values: mean \(2 cells filled\)$/m);
  assert.match(filled.stderr, /^warning: filled 2 missing values by 'mean', computed on all 4 rows before the train\/validation\/test split: b = 6 \(2\)$/m);

  const json = await cli(['dataset', 'import', file, '--missing', 'drop-rows', ...home, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const meta = JSON.parse(json.lines.at(-1)!);
  assert.equal(meta.name, 'gaps (2)');
  assert.equal(meta.numSamples, 2);
  assert.deepEqual(meta.info.missing, { rule: 'drop-rows', rowsDropped: 2, cellsFilled: 0, columns: [{ name: 'b', missing: 2 }] });
});

test('a European Excel export prints what was detected; --name that is taken is refused', async (t) => {
  const dir = tempDir(t);
  const home = ['--home', join(dir, 'home')];
  const file = join(dir, 'preise.csv');
  writeFileSync(file, Buffer.from('größe;gewicht;preis\r\n1,5;2;10,25\r\n2,25;3,5;12\r\n3;1,75;9,5\r\n', 'latin1'));
  const imported = await cli(['dataset', 'import', file, '--task', 'regression', ...home]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /^ {2}encoding: Windows-1252 \(Latin-1\)$/m);
  assert.match(imported.stdout, /^ {2}fields separated by: semicolon$/m);
  assert.match(imported.stdout, /^ {2}decimal comma \('1,5' = 1\.5\) in: größe, gewicht, preis$/m);
  assert.match(imported.stderr, /^warning: the file is not valid UTF-8, so it was read as Windows-1252/m);

  const taken = await cli(['dataset', 'import', file, '--name', 'preise', ...home]);
  assert.equal(taken.code, 1);
  assert.match(errorLine(taken), /A dataset named 'preise' already exists \(ds_\w+\)/);
  const again = await cli(['dataset', 'import', file, '--task', 'regression', ...home, '--json']);
  assert.equal(JSON.parse(again.lines.at(-1)!).name, 'preise (2)');
});
