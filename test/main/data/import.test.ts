import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../../../main/api/errors.ts';
import { importFromPath } from '../../../main/data/import.ts';
import { SAMPLES_DIR, tempDir, writeIdx, writePng } from './helpers.ts';

const hasCode = (code: string, pattern = /./) => (e: unknown) => e instanceof ApiError && e.code === code && pattern.test(e.message);

test('a CSV file (BOM stripped) with label and task options', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'data.txt');
  writeFileSync(file, '\ufeffa,b,target\n1,2,3.5\n4,5,6.25\n');
  const d = importFromPath(file);
  assert.equal(d.source, 'csv');
  assert.equal(d.task, 'regression');
  assert.deepEqual(d.featureNames, ['a', 'b']);
  const byLabel = importFromPath(file, { label: 'a', task: 'classification' });
  assert.equal(byLabel.labelName, 'a');
  assert.deepEqual(byLabel.classes, ['1', '4']);
});

test('the real iris sample file, plain and gzipped', (t) => {
  const dir = tempDir(t);
  const iris = importFromPath(new URL('iris.csv', SAMPLES_DIR).pathname);
  assert.deepEqual(iris.classCounts, [50, 50, 50]);
  const gz = join(dir, 'iris.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(new URL('iris.csv', SAMPLES_DIR))));
  const unzipped = importFromPath(gz);
  assert.deepEqual(unzipped.classCounts, [50, 50, 50]);
  assert.deepEqual(unzipped.x, iris.x);
});

test('IDX is detected by its magic number even without idx in the name', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 'my-images'), 'ubyte', [2, 2, 2], [0, 255, 0, 255, 255, 0, 255, 0]);
  writeIdx(join(dir, 'my-labels'), 'ubyte', [2], [4, 2]);
  const d = importFromPath(join(dir, 'my-images'));
  assert.equal(d.source, 'idx');
  assert.deepEqual(d.inputShape, [2, 2, 1]);
  assert.deepEqual(d.classes, ['2', '4']);
});

test('a file named idx that is not IDX fails as IDX, not as CSV', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), 'a,b\n1,2\n');
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), 'a,b\n1,2\n');
  assert.throws(() => importFromPath(join(dir, 'train-images-idx3-ubyte')), hasCode('bad_data', /not an IDX file/));
});

test('a folder is an image-class folder; a single image is refused', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'x', 'a.png'), 3, 3, () => [10, 10, 10]);
  writePng(join(dir, 'y', 'b.png'), 3, 3, () => [90, 90, 90]);
  const d = importFromPath(dir);
  assert.equal(d.source, 'images');
  assert.deepEqual(d.classes, ['x', 'y']);
  assert.throws(() => importFromPath(join(dir, 'x', 'a.png')), hasCode('bad_data', /single image/));
});

test('a missing path is not_found', () => {
  assert.throws(() => importFromPath('/definitely/not/here.csv'), hasCode('not_found', /\/definitely\/not\/here\.csv/));
});
