import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../main/api/errors.ts';
import { loadDatasetFiles, saveDatasetFiles } from '../../../main/data/store.ts';
import { loadSample } from '../../../main/data/samples.ts';
import { tempDir } from './helpers.ts';

test('x.f32 / y.f32 round-trip the iris sample exactly, as little-endian float32', (t) => {
  const dir = join(tempDir(t), 'datasets', 'ds1');
  const iris = loadSample('iris');
  saveDatasetFiles(dir, iris);
  assert.deepEqual(readdirSync(dir).sort(), ['x.f32', 'y.f32']); // no temp files left behind
  const raw = readFileSync(join(dir, 'x.f32'));
  assert.equal(raw.length, 150 * 4 * 4);
  assert.equal(raw.readFloatLE(0), iris.x[0]);
  const back = loadDatasetFiles(dir);
  assert.deepEqual(back.x, iris.x);
  assert.deepEqual(back.y, iris.y);
});

test('a subarray view is saved as its own values only', (t) => {
  const dir = tempDir(t);
  const big = Float32Array.from([9, 1, 2, 3, 4, 9]);
  const iris = loadSample('iris');
  saveDatasetFiles(dir, { ...iris, x: big.subarray(1, 5), y: Float32Array.from([0, 1]) });
  assert.deepEqual(Array.from(loadDatasetFiles(dir).x), [1, 2, 3, 4]);
});

test('missing and corrupt files are clear errors', (t) => {
  const dir = tempDir(t);
  assert.throws(() => loadDatasetFiles(dir), (e: unknown) => e instanceof ApiError && e.code === 'not_found' && /x\.f32/.test(e.message));
  writeFileSync(join(dir, 'x.f32'), Buffer.alloc(10));
  writeFileSync(join(dir, 'y.f32'), Buffer.alloc(8));
  assert.throws(() => loadDatasetFiles(dir), (e: unknown) => e instanceof ApiError && e.code === 'bad_data' && /10 bytes/.test(e.message));
  writeFileSync(join(dir, 'x.f32'), Buffer.alloc(12));
  assert.throws(() => loadDatasetFiles(dir), (e: unknown) => e instanceof ApiError && /3 values in x\.f32 for 2 samples/.test(e.message));
  rmSync(join(dir, 'y.f32'));
  assert.throws(() => loadDatasetFiles(dir), (e: unknown) => e instanceof ApiError && e.code === 'not_found' && /y\.f32/.test(e.message));
});
