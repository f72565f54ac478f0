import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ApiError } from '../../../main/api/errors.ts';
import { importFromPath } from '../../../main/data/import.ts';
import { MAX_CSV_BYTES, MAX_DATASET_VALUES } from '../../../main/limits.ts';
import { idxBytes, SAMPLES_DIR, tempDir, writeIdx, writePng } from './helpers.ts';

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

/** Asserts an ApiError whose message is printable ASCII plus common punctuation: nothing of a binary file. */
const cleanError = (code: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
  assert.equal(e.code, code);
  assert.match(e.message, pattern);
  assert.match(e.message, /^[\x20-\x7e±…]*$/, `message echoes file bytes: ${JSON.stringify(e.message)}`);
  return true;
};

test('a Latin-1 (Windows-1252) CSV keeps its accented names and categories, and says how it was read', (t) => {
  const file = join(tempDir(t), 'städte.csv');
  // "stadt,größe,land\nKöln,1.1,DE\nMálaga,0.6,ES\nZürich,0.4,CH\n" in Windows-1252, as Excel writes it
  const latin1 = (s: string) => Buffer.from(s, 'latin1');
  writeFileSync(file, latin1('stadt,größe,land\r\nKöln,1.1,DE\r\nMálaga,0.6,ES\r\nZürich,0.4,CH\r\n'));
  const d = importFromPath(file);
  assert.deepEqual(d.featureNames, ['stadt=Köln', 'stadt=Málaga', 'stadt=Zürich', 'größe']);
  assert.equal(d.info?.encoding, 'windows-1252');
  assert.match(d.warnings?.[0] ?? '', /not valid UTF-8, so it was read as Windows-1252/);
  assert.ok(!d.featureNames.join().includes('\ufffd'));
});

test('a European Excel export: semicolons, decimal commas, Windows-1252', (t) => {
  const file = join(tempDir(t), 'messungen.csv');
  writeFileSync(file, Buffer.from('länge;breite;größe\r\n5,1;3,5;1,25\r\n4,9;3;0,5\r\n6,2;2,75;2\r\n', 'latin1'));
  const d = importFromPath(file, { task: 'regression' });
  assert.deepEqual(d.featureNames, ['länge', 'breite']);
  assert.deepEqual(Array.from(d.x), [5.1, 3.5, 4.9, 3, 6.2, 2.75].map(Math.fround));
  assert.deepEqual(Array.from(d.y), [1.25, 0.5, 2]);
  assert.deepEqual(d.info, { encoding: 'windows-1252', delimiter: ';', decimalComma: ['länge', 'breite', 'größe'], missing: { rule: 'refuse', rowsDropped: 0, cellsFilled: 0, columns: [] } });
});

test('a CSV with NaN, inf and empty cells: missing is refused by default, inf is an error, median fills', (t) => {
  const dir = tempDir(t);
  const withInf = join(dir, 'inf.csv');
  writeFileSync(withInf, 'a,b,y\n1,2,x\n3,inf,z\n');
  assert.throws(() => importFromPath(withInf), cleanError('bad_data', /^column 'b' has 'inf' in row 3, which is not a finite number/));
  const gaps = join(dir, 'gaps.csv');
  writeFileSync(gaps, 'a,b,y\n1,NaN,x\n2,,z\n3,4,x\n5,N/A,z\n6,8,x\n');
  assert.throws(() => importFromPath(gaps), cleanError('bad_data', /^3 missing values in 1 column: 'b' \(3, first in row 2\)/));
  const d = importFromPath(gaps, { missing: 'median' });
  assert.deepEqual(Array.from(d.x), [1, 6, 2, 6, 3, 4, 5, 6, 6, 8]);
  assert.equal(d.info?.missing?.cellsFilled, 3);
});

test('a gzip bomb (a small file that expands without bound) stops at the CSV limit, with the limit in the message', (t) => {
  const file = join(tempDir(t), 'bomb.csv.gz');
  // Concatenated gzip members are one valid gzip stream: 14 x 16 MiB of '0', about 230 KB on disk.
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x30));
  writeFileSync(file, Buffer.concat(Array.from({ length: 14 }, () => member)));
  assert.throws(() => importFromPath(file), cleanError('too_large', /^'bomb\.csv\.gz' decompressed \([\d,]+ bytes compressed\) is more than 200 MiB; the limit is 200 MiB\. Decompression stopped there, the limit for a CSV file\./));
});

test('a .gz that is not gzip, and a damaged gzip, say what is wrong and what to do', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'data.csv.gz'), 'a,b\n1,2\n');
  assert.throws(() => importFromPath(join(dir, 'data.csv.gz')), cleanError('bad_data', /is named \.gz but is not gzip-compressed.*rename it to 'data\.csv'/));
  // A browser that unpacked the download but kept the name.
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), idxBytes('ubyte', [1, 2, 2], [0, 1, 2, 3]));
  assert.throws(() => importFromPath(join(dir, 'train-images-idx3-ubyte.gz')), cleanError('bad_data', /already decompressed \(an IDX file.*rename it to 'train-images-idx3-ubyte'/));
  const whole = gzipSync(readFileSync(new URL('iris.csv', SAMPLES_DIR)));
  writeFileSync(join(dir, 'cut.csv.gz'), whole.subarray(0, whole.length >> 1));
  assert.throws(() => importFromPath(join(dir, 'cut.csv.gz')), cleanError('bad_data', /^'cut\.csv\.gz' is a damaged gzip file \(unexpected end of file\): it may be an incomplete download/));
});

test('binary files imported as CSV are refused without echoing their bytes', (t) => {
  const dir = tempDir(t);
  const zip = join(dir, 'table.csv');
  writeFileSync(zip, Buffer.concat([Buffer.from('PK\u0003\u0004\u0014\u0000\u0006\u0000', 'latin1'), Buffer.alloc(200, 0xc3)]));
  assert.throws(() => importFromPath(zip), cleanError('bad_data', /'table\.csv' is not a CSV text file: it is a zip archive/));
  // Random bytes with no NUL and no known signature: decoded as Windows-1252, then refused as binary.
  const noise = Buffer.alloc(4096);
  for (let i = 0, s = 7; i < noise.length; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    noise[i] = 1 + ((s >> 16) % 255);
  }
  writeFileSync(join(dir, 'noise.csv'), noise);
  assert.throws(() => importFromPath(join(dir, 'noise.csv')), cleanError('bad_data', /not a CSV text file: it holds binary data/));
  const withNul = Buffer.concat([Buffer.from('a,b\n1,'), Buffer.from([0, 0x9c, 0xff]), Buffer.from('\n')]);
  writeFileSync(join(dir, 'nul.csv'), withNul);
  assert.throws(() => importFromPath(join(dir, 'nul.csv')), cleanError('bad_data', /a NUL byte on line 2/));
});

test('a CSV over MAX_CSV_BYTES is refused from its size, before it is read', (t) => {
  const file = join(tempDir(t), 'huge.csv');
  writeFileSync(file, 'a,b\n');
  truncateSync(file, MAX_CSV_BYTES + 1); // sparse: no disk used, nothing to read
  assert.throws(() => importFromPath(file), cleanError('too_large', /^'huge\.csv' is 209,715,201 bytes; the limit is 200 MiB\. Split the file/));
});

test('an IDX file over MAX_DATASET_VALUES is refused from its header', (t) => {
  const dir = tempDir(t);
  const images = join(dir, 'big-images-idx3-ubyte');
  const n = Math.floor(MAX_DATASET_VALUES / (128 * 128)) + 1;
  writeFileSync(images, idxBytes('ubyte', [n, 128, 128], []));
  truncateSync(images, 16 + n * 128 * 128); // a complete file of zeros (sparse)
  writeIdx(join(dir, 'big-labels-idx1-ubyte'), 'ubyte', [n], new Uint8Array(n));
  assert.throws(() => importFromPath(images), cleanError('too_large', /^'big-images-idx3-ubyte' \(16,385 images of 128x128\) is 268,451,840 values; the limit is 268,435,456 values/));
});
