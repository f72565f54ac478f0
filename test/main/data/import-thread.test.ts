/**
 * Imports in worker threads: every kind of import gives the same files and
 * metadata as parsing on the calling thread, refusals cross back unchanged
 * (code, message, details), and at most MAX_PARALLEL_IMPORTS parse at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../../main/api/errors.ts';
import { toApiError } from '../../../main/api/dispatch.ts';
import { runImportJob, type ImportJob } from '../../../main/data/import-job.ts';
import { fromWire, toWire } from '../../../main/data/import-protocol.ts';
import { importInWorker, importsInFlight } from '../../../main/data/import-thread.ts';
import { loadDatasetFiles } from '../../../main/data/store.ts';
import { MAX_CSV_BYTES, MAX_PARALLEL_IMPORTS } from '../../../main/limits.ts';
import { tempDir, writeIdx, writePng } from './helpers.ts';

test('every kind of import, parsed in a worker, writes the files and metadata the calling thread would', async (t) => {
  const dir = tempDir(t);
  const european = join(dir, 'messungen.csv');
  writeFileSync(european, Buffer.from('länge;breite;klasse\r\n5,1;;a\r\n4,9;3;b\r\n6,2;2,75;a\r\n5,5;3,25;b\r\n', 'latin1'));
  writeIdx(join(dir, 'train-images-idx3-ubyte'), 'ubyte', [3, 2, 2], [0, 255, 9, 1, 2, 3, 4, 5, 6, 7, 8, 200]);
  writeIdx(join(dir, 'train-labels-idx1-ubyte'), 'ubyte', [3], [7, 1, 7]);
  writePng(join(dir, 'images', 'cat', 'a.png'), 3, 2, (x, y) => [x * 80, y * 90, 30]);
  writePng(join(dir, 'images', 'dog', 'b.png'), 3, 2, () => [200, 10, 10]);
  const jobs: ImportJob[] = [
    { kind: 'path', path: european, options: { missing: 'median' } },
    { kind: 'csv-text', text: 'a,b,y\n1,x,2.5\n2,z,3.5\n3,x,4\n', options: { label: 'y' } },
    { kind: 'sample', sample: 'digits' },
    { kind: 'path', path: join(dir, 'train-images-idx3-ubyte'), options: {} },
    { kind: 'path', path: join(dir, 'images'), options: {} },
  ];
  for (const [i, job] of jobs.entries()) {
    const { x, y, ...meta } = runImportJob(job);
    const out = join(dir, `out-${i}`);
    const imported = await importInWorker(job, out);
    assert.deepEqual(imported, { ...meta, numSamples: y.length }, job.kind);
    const files = loadDatasetFiles(out);
    assert.deepEqual(files.x, x, `${job.kind} x`);
    assert.deepEqual(files.y, y, `${job.kind} y`);
  }
});

test('refusals cross the thread unchanged, and nothing is written', async (t) => {
  const dir = tempDir(t);
  const huge = join(dir, 'huge.csv');
  writeFileSync(huge, 'a,b\n');
  truncateSync(huge, MAX_CSV_BYTES + 1); // sparse: refused from its size
  const cases: ImportJob[] = [
    { kind: 'path', path: huge, options: {} },
    { kind: 'path', path: join(dir, 'nothing-here.csv'), options: {} },
    { kind: 'csv-text', text: 'a,y\n1,x\n', options: { label: 'b' } },
  ];
  for (const [i, job] of cases.entries()) {
    let direct: unknown;
    try {
      runImportJob(job);
    } catch (error) {
      direct = error;
    }
    assert.ok(direct instanceof ApiError);
    const out = join(dir, `out-${i}`);
    await assert.rejects(importInWorker(job, out), (e) => {
      assert.ok(e instanceof ApiError, String(e));
      assert.deepEqual([e.code, e.message, e.details], [direct.code, direct.message, direct.details]);
      return true;
    });
    assert.equal(existsSync(out), false);
  }
});

test('errors that are not ApiErrors keep their message and errno code, and read as internal', () => {
  const errno = Object.assign(new Error('EACCES: permission denied, open /x.csv'), { code: 'EACCES' });
  const back = fromWire(structuredClone(toWire(errno)));
  assert.equal(back instanceof ApiError, false);
  assert.equal((back as NodeJS.ErrnoException).code, 'EACCES');
  assert.deepEqual(toApiError(back).toPayload(), toApiError(errno).toPayload());
  assert.deepEqual(toApiError(fromWire(toWire('a thrown string'))).toPayload(), { code: 'internal', message: 'a thrown string', details: undefined });
});

test(`at most MAX_PARALLEL_IMPORTS (${MAX_PARALLEL_IMPORTS}) imports parse at once; the others wait their turn`, async (t) => {
  const dir = tempDir(t);
  const jobs = Array.from({ length: MAX_PARALLEL_IMPORTS + 2 }, (_, i): ImportJob => ({ kind: 'csv-text', text: `a,y\n${i},x\n${i + 1},z\n`, options: {} }));
  const all = jobs.map((job, i) => importInWorker(job, join(dir, `out-${i}`)));
  assert.deepEqual(importsInFlight(), { running: MAX_PARALLEL_IMPORTS, waiting: 2 });
  const done = await Promise.all(all);
  assert.deepEqual(done.map((d) => d.numSamples), jobs.map(() => 2));
  assert.deepEqual(importsInFlight(), { running: 0, waiting: 0 });
});

test('an import that runs out of memory fails alone, as too_large, and the next one works', async (t) => {
  const dir = tempDir(t);
  const rows = Array.from({ length: 400_000 }, (_, i) => `${i},${i % 7},${i % 3 ? 'x' : 'z'}`).join('\n');
  const job: ImportJob = { kind: 'csv-text', text: `a,b,y\n${rows}\n`, options: {} };
  await assert.rejects(importInWorker(job, join(dir, 'oom'), { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 }), (e) => {
    assert.ok(e instanceof ApiError, String(e));
    assert.equal(e.code, 'too_large');
    assert.match(e.message, /^the import ran out of memory while parsing the file; split the file/);
    return true;
  });
  assert.equal((await importInWorker(job, join(dir, 'ok'))).numSamples, 400_000);
});
