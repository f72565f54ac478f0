import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../main/api/errors.ts';
import { labelFileCandidates, loadIdxDataset, parseIdx } from '../../../main/data/idx.ts';
import { idxBytes, tempDir, writeIdx } from './helpers.ts';

const isBadData = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && pattern.test(e.message);

test('parseIdx reads every element type big-endian', () => {
  const ub = parseIdx(idxBytes('ubyte', [2, 3], [0, 1, 2, 253, 254, 255]));
  assert.deepEqual(ub.dims, [2, 3]);
  assert.ok(ub.data instanceof Uint8Array);
  assert.deepEqual(Array.from(ub.data), [0, 1, 2, 253, 254, 255]);
  const cases = [
    ['sbyte', [-128, -1, 127]],
    ['short', [-30000, 2, 30000]],
    ['int', [-100000, 0, 16777216]],
    ['float', [1.5, -2.25, 1e-3]],
    ['double', [0.1, -1e10, 3]],
  ] as const;
  for (const [type, values] of cases) {
    const parsed = parseIdx(idxBytes(type, [3], values));
    assert.equal(parsed.type, type);
    assert.deepEqual(Array.from(parsed.data), values.map(Math.fround), type);
  }
});

test('parseIdx rejects wrong magic and truncated data', () => {
  assert.throws(() => parseIdx(Buffer.from('a,b\n1,2\n')), isBadData(/not an IDX file/));
  const full = idxBytes('ubyte', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => parseIdx(full.subarray(0, full.length - 1)), isBadData(/needs 20/));
});

test('labels file names follow both MNIST naming styles', () => {
  assert.ok(labelFileCandidates('/d/train-images-idx3-ubyte').includes('/d/train-labels-idx1-ubyte'));
  assert.ok(labelFileCandidates('/d/t10k-images.idx3-ubyte').includes('/d/t10k-labels.idx1-ubyte'));
  assert.ok(labelFileCandidates('/d/train-images-idx3-ubyte.gz').includes('/d/train-labels-idx1-ubyte'));
  assert.deepEqual(labelFileCandidates('/d/data.idx'), []);
});

test('loadIdxDataset: images [N, H, W] → [H, W, 1] in [0, 1], labels sorted as classes', (t) => {
  const dir = tempDir(t);
  const n = 6;
  const pixels = Array.from({ length: n * 3 * 2 }, (_, i) => (i * 37) % 256);
  pixels[0] = 255;
  writeIdx(join(dir, 'train-images-idx3-ubyte'), 'ubyte', [n, 3, 2], pixels);
  writeIdx(join(dir, 'train-labels-idx1-ubyte'), 'ubyte', [n], [3, 0, 9, 3, 0, 1]);
  const d = loadIdxDataset(join(dir, 'train-images-idx3-ubyte'));
  assert.equal(d.task, 'classification');
  assert.equal(d.source, 'idx');
  assert.deepEqual(d.inputShape, [3, 2, 1]);
  assert.equal(d.x.length, n * 6);
  assert.equal(d.x[0], 1);
  assert.equal(d.x[1], Math.fround(37 / 255));
  assert.deepEqual(d.classes, ['0', '1', '3', '9']);
  assert.deepEqual(Array.from(d.y), [2, 0, 3, 2, 0, 1]);
  assert.deepEqual(d.classCounts, [2, 1, 2, 1]);
});

test('loadIdxDataset reads gzipped pairs named t10k-images.idx3-ubyte.gz', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 't10k-images.idx3-ubyte.gz'), 'ubyte', [2, 2, 2], [0, 51, 102, 255, 255, 0, 0, 0], true);
  writeIdx(join(dir, 't10k-labels.idx1-ubyte.gz'), 'ubyte', [2], [7, 1], true);
  const d = loadIdxDataset(join(dir, 't10k-images.idx3-ubyte.gz'));
  assert.deepEqual(Array.from(d.x.subarray(0, 4)), [0, 0.2, 0.4, 1].map(Math.fround));
  assert.deepEqual(d.classes, ['1', '7']);
});

test('float images outside [0, 1] are min-max scaled', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 'x-images-idx3-float'), 'float', [2, 1, 2], [-1, 0, 1, 3]);
  writeIdx(join(dir, 'x-labels-idx1-float'), 'ubyte', [2], [0, 1]);
  assert.deepEqual(Array.from(loadIdxDataset(join(dir, 'x-images-idx3-float')).x), [0, 0.25, 0.5, 1]);
});

test('missing labels file and count mismatch are clear errors', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 'train-images-idx3-ubyte'), 'ubyte', [3, 2, 2], new Array(12).fill(1));
  assert.throws(() => loadIdxDataset(join(dir, 'train-images-idx3-ubyte')), isBadData(/cannot find the labels file/));
  writeIdx(join(dir, 'train-labels-idx1-ubyte'), 'ubyte', [2], [0, 1]);
  assert.throws(() => loadIdxDataset(join(dir, 'train-images-idx3-ubyte')), isBadData(/has 3 images but 'train-labels-idx1-ubyte' has 2 labels/));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), 'not idx');
  assert.throws(() => loadIdxDataset(join(dir, 'train-images-idx3-ubyte')), isBadData(/not an IDX file/));
});

test('an IDX file with 0 images is refused', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 'train-images-idx3-ubyte'), 'ubyte', [0, 28, 28], []);
  writeIdx(join(dir, 'train-labels-idx1-ubyte'), 'ubyte', [0], []);
  assert.throws(() => loadIdxDataset(join(dir, 'train-images-idx3-ubyte')), isBadData(/^'train-images-idx3-ubyte' holds 0 images \(its header is \[0, 28, 28\]\): there is nothing to import$/));
});

test('importing the labels file says to pick the images file, by name when it is there', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 't10k-labels-idx1-ubyte.gz'), 'ubyte', [2], [1, 2], true);
  assert.throws(() => loadIdxDataset(join(dir, 't10k-labels-idx1-ubyte.gz')), isBadData(/is an IDX labels file \(\[2\]\); import the images file \(named like 'train-images-idx3-ubyte'\) instead/));
  writeIdx(join(dir, 't10k-images-idx3-ubyte.gz'), 'ubyte', [2, 1, 1], [0, 255], true);
  assert.throws(() => loadIdxDataset(join(dir, 't10k-labels-idx1-ubyte.gz')), isBadData(/^'t10k-labels-idx1-ubyte\.gz' is an IDX labels file \(\[2\]\); import 't10k-images-idx3-ubyte\.gz' instead: its labels file is found beside it$/));
  assert.equal(loadIdxDataset(join(dir, 't10k-images-idx3-ubyte.gz')).y.length, 2);
});

test('non-finite floats and doubles beyond float32 are errors, not NaN or Infinity pixels', (t) => {
  const dir = tempDir(t);
  writeIdx(join(dir, 'a-images-idx3-float'), 'float', [2, 1, 1], [0.5, Number.NaN]);
  writeIdx(join(dir, 'a-labels-idx1-float'), 'ubyte', [2], [0, 1]);
  assert.throws(() => loadIdxDataset(join(dir, 'a-images-idx3-float')), isBadData(/IDX file holds NaN at element 1; only finite values/));
  writeIdx(join(dir, 'b-images-idx3-double'), 'double', [2, 1, 1], [0.5, 1e39]);
  writeIdx(join(dir, 'b-labels-idx1-double'), 'ubyte', [2], [0, 1]);
  assert.throws(() => loadIdxDataset(join(dir, 'b-images-idx3-double')), isBadData(/holds 1e\+39 at element 1, beyond the range of the 32-bit floats/));
});
