import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../main/api/errors.ts';
import { imageSize } from '../../../main/data/image-decode.ts';
import { loadImageFolder } from '../../../main/data/image-folder.ts';
import { tempDir, writeBlankPng, writeJpeg, writePng, type PixelFn } from './helpers.ts';

const isBadData = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && pattern.test(e.message);
const gray = (v: number): PixelFn => () => [v, v, v];

test('gray PNGs → [H, W, 1], classes = sorted sub-folders, hidden and non-image files ignored', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'dog', 'a.png'), 4, 3, (x, y) => [x * 60 + y, x * 60 + y, x * 60 + y]);
  writePng(join(dir, 'cat', 'b.png'), 4, 3, gray(255));
  writePng(join(dir, 'cat', 'a.png'), 4, 3, gray(0));
  writePng(join(dir, 'cat', '.hidden.png'), 9, 9, gray(1));
  writeFileSync(join(dir, 'cat', 'notes.txt'), 'not an image');
  mkdirSync(join(dir, '.git'));
  const d = loadImageFolder(dir);
  assert.equal(d.task, 'classification');
  assert.equal(d.source, 'images');
  assert.deepEqual(d.classes, ['cat', 'dog']);
  assert.deepEqual(d.classCounts, [2, 1]);
  assert.deepEqual(d.inputShape, [3, 4, 1]);
  assert.deepEqual(Array.from(d.y), [0, 0, 1]);
  const size = 12;
  assert.ok(d.x.subarray(0, size).every((v) => v === 0)); // cat/a.png
  assert.ok(d.x.subarray(size, 2 * size).every((v) => v === 1)); // cat/b.png
  // dog/a.png: pixel (x=1, y=2) = 62
  assert.equal(d.x[2 * size + 2 * 4 + 1], Math.fround(62 / 255));
});

test('one coloured image makes the set [H, W, 3]; JPEGs decode', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'a', '1.png'), 2, 2, () => [255, 0, 0]);
  writeJpeg(join(dir, 'b', '1.jpg'), 2, 2, gray(128));
  writeJpeg(join(dir, 'b', '2.JPEG'), 2, 2, gray(200));
  const d = loadImageFolder(dir);
  assert.deepEqual(d.inputShape, [2, 2, 3]);
  assert.equal(d.y.length, 3);
  assert.deepEqual(Array.from(d.x.subarray(0, 3)), [1, 0, 0]);
  // JPEG is lossy: the gray value comes back close, in all three channels
  for (let i = 12; i < 24; i++) assert.ok(Math.abs(d.x[i] - 128 / 255) < 0.03, `value ${d.x[i]}`);
  for (const v of d.x) assert.ok(v >= 0 && v <= 1);
});

test('mixed sizes name both files and sizes', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'cat', 'a.png'), 28, 28, gray(0));
  writePng(join(dir, 'dog', 'b.png'), 32, 32, gray(0));
  assert.throws(() => loadImageFolder(dir), isBadData(/^images of mixed sizes: cat\/a\.png is 28x28 but dog\/b\.png is 32x32$/));
});

test('fewer than 2 classes, an empty class, an undecodable file', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'only', 'a.png'), 2, 2, gray(0));
  assert.throws(() => loadImageFolder(dir), isBadData(/at least 2 classes; found 1/));
  mkdirSync(join(dir, 'empty'));
  assert.throws(() => loadImageFolder(dir), isBadData(/class folder 'empty' has no PNG or JPEG images/));
  writeFileSync(join(dir, 'empty', 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
  assert.throws(() => loadImageFolder(dir), isBadData(/cannot decode image empty\/broken\.png/));
  writeFileSync(join(dir, 'empty', 'broken.png'), 'hello');
  assert.throws(() => loadImageFolder(dir), isBadData(/empty\/broken\.png: not a PNG or JPEG/));
});

test('a missing folder is not_found', () => {
  assert.throws(() => loadImageFolder('/no/such/folder/here'), (e: unknown) => e instanceof ApiError && e.code === 'not_found');
});

const isTooLarge = (pattern: RegExp) => (e: unknown) => e instanceof ApiError && e.code === 'too_large' && pattern.test(e.message);

test('image size comes from the PNG / JPEG header, without decoding', (t) => {
  const dir = tempDir(t);
  writePng(join(dir, 'a.png'), 7, 3, gray(9));
  writeJpeg(join(dir, 'b.jpg'), 5, 11, gray(9));
  assert.deepEqual(imageSize(readFileSync(join(dir, 'a.png'))), { width: 7, height: 3 });
  assert.deepEqual(imageSize(readFileSync(join(dir, 'b.jpg'))), { width: 5, height: 11 });
  assert.equal(imageSize(Buffer.from('not an image')), null);
});

test('a PNG over MAX_IMAGE_PIXELS is refused before it is decoded, naming its size and the limit', (t) => {
  const dir = tempDir(t);
  writeBlankPng(join(dir, 'big', 'huge.png'), 10_000, 10_001); // 100,010,000 pixels, a valid 1-bit PNG
  writePng(join(dir, 'small', 'a.png'), 2, 2, gray(1));
  assert.throws(
    () => loadImageFolder(dir),
    isTooLarge(/^image big\/huge\.png \(10000x10001\) is 100,010,000 pixels; the limit is 100,000,000 pixels\. Scale the images down/),
  );
});

// With a small limit: a real folder of MAX_IMAGE_FOLDER_FILES + 1 files takes half a minute to write here.
test('an image folder with more files than the limit is refused while listing', (t) => {
  const dir = tempDir(t);
  for (const cls of ['a', 'b']) for (let i = 0; i < 3; i++) writePng(join(dir, cls, `${i}.png`), 2, 2, gray(i));
  assert.equal(loadImageFolder(dir, 6).y.length, 6);
  assert.throws(() => loadImageFolder(dir, 5), isTooLarge(/^this image folder is more than 5 image files; the limit is 5 image files\. Import a sample/));
});
