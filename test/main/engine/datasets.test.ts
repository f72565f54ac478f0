/**
 * Dataset import through the engine (a real engine on a temp home): names stay
 * unambiguous, import options reach the data layer, what the import decided
 * (info, warnings) is stored with the dataset and read back, and parsing runs
 * off the engine's thread, with the same errors as on it.
 */
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { ApiError } from '../../../main/api/errors.ts';
import { importFromPath } from '../../../main/data/import.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { tempDir, writeBlankPng, writeLargeCsv, writePng } from '../data/helpers.ts';

const apiError = (code: string, pattern: RegExp) => (e: unknown) => {
  assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
  assert.equal(e.code, code, e.message);
  assert.match(e.message, pattern);
  return true;
};

describe('dataset import through the engine', () => {
  let dir: string;
  let engine: Engine;
  const cleanups: (() => void)[] = [];

  before(async () => {
    dir = tempDir({ after: (fn) => cleanups.push(fn) });
    engine = await createEngine({ home: join(dir, 'home'), workers: 1, backend: ['cpu'] });
  });
  after(async () => {
    await engine.close();
    for (const fn of cleanups) fn();
  });

  test('a second import of the same file gets a distinct name; an explicit name that is taken is refused', async () => {
    const file = join(dir, 'wine.csv');
    writeFileSync(file, 'alcohol,acidity,kind\n13.2,1.8,red\n12.4,2.1,white\n13.9,1.5,red\n12.1,2.4,white\n');
    const first = await engine.call('datasets.importPath', { path: file });
    const second = await engine.call('datasets.importPath', { path: file });
    assert.equal(first.name, 'wine');
    assert.equal(second.name, 'wine (2)');
    await assert.rejects(
      engine.call('datasets.importPath', { path: file, name: 'wine' }),
      apiError('conflict', new RegExp(`^A dataset named 'wine' already exists \\(${first.id}\\); choose another name, e\\.g\\. 'wine \\(3\\)'\\.$`)),
    );
    await assert.rejects(engine.call('datasets.importCsvText', { text: 'a,y\n1,x\n2,z\n', name: 'wine (2)' }), apiError('conflict', /named 'wine \(2\)'/));
    const samples = [await engine.call('datasets.importSample', { sample: 'iris' }), await engine.call('datasets.importSample', { sample: 'iris' })];
    assert.deepEqual(samples.map((d) => d.name), ['iris', 'iris (2)']);
    // Each name now finds exactly one dataset.
    assert.equal((await engine.call('datasets.get', { id: 'wine (2)' })).id, second.id);
    // Imports running at the same time still get distinct names.
    const together = await Promise.all([1, 2, 3].map(() => engine.call('datasets.importPath', { path: file })));
    assert.deepEqual(together.map((d) => d.name).sort(), ['wine (3)', 'wine (4)', 'wine (5)']);
  });

  test('a name shared by several datasets (an older data folder) is an error that lists their ids', async () => {
    const a = await engine.call('datasets.importCsvText', { text: 'a,y\n1,x\n2,z\n', name: 'twins' });
    // Data folders written before names were unique may hold duplicates: make one the way they did.
    const db = new Database(join(dir, 'home', 'modelbench.db'));
    db.prepare(`INSERT INTO datasets SELECT 'ds_twin_copy', name, source, task, input_shape, num_samples, classes, feature_names, label_name,
      class_counts, dir, created_at, info FROM datasets WHERE id = ?`).run(a.id);
    db.close();
    const ambiguous = apiError('conflict', new RegExp(`2 datasets are named 'twins': .*${a.id}.*ds_twin_copy|2 datasets are named 'twins': .*ds_twin_copy.*${a.id}`));
    await assert.rejects(engine.call('datasets.get', { id: 'twins' }), ambiguous);
    await assert.rejects(
      engine.call('runs.start', { datasetId: 'twins', spec: { layers: [{ kind: 'dense', units: 4 }] }, hyperparams: { epochs: 1 } }),
      ambiguous,
    );
    assert.equal((await engine.call('datasets.get', { id: a.id })).id, a.id); // the id always works
  });

  test('import options reach the data layer; info and warnings are stored and read back', async () => {
    const file = join(dir, 'messungen.csv');
    writeFileSync(file, Buffer.from('länge;breite;klasse\r\n5,1;;a\r\n4,9;3;b\r\n6,2;2,75;a\r\n5,5;3,25;b\r\n', 'latin1'));
    await assert.rejects(engine.call('datasets.importPath', { path: file }), apiError('bad_data', /^1 missing value in 1 column: 'breite' \(1, first in row 2\)/));
    const meta = await engine.call('datasets.importPath', { path: file, missing: 'median' });
    assert.equal(meta.name, 'messungen');
    assert.deepEqual(meta.info, {
      encoding: 'windows-1252',
      delimiter: ';',
      decimalComma: ['länge', 'breite'],
      missing: { rule: 'median', rowsDropped: 0, cellsFilled: 1, columns: [{ name: 'breite', missing: 1, fill: 3 }] },
    });
    assert.equal(meta.warnings?.length, 2);
    assert.match(meta.warnings![0], /not valid UTF-8, so it was read as Windows-1252/);
    assert.match(meta.warnings![1], /^filled 1 missing values by 'median'/);
    const stored = await engine.call('datasets.get', { id: meta.id });
    assert.deepEqual(stored.info, meta.info);
    assert.deepEqual(stored.warnings, meta.warnings);
    assert.deepEqual((await engine.call('datasets.list', {})).find((d) => d.id === meta.id)?.warnings, meta.warnings);
    const preview = await engine.call('datasets.preview', { id: meta.id, rows: 4 });
    assert.deepEqual(preview.rows.map((r) => r.slice(0, 2)), [[5.1, 3], [4.9, 3], [6.2, 2.75], [5.5, 3.25]]);

    const text = await engine.call('datasets.importCsvText', { text: 'a,y\n1,x\n,z\n3,z\n4,x\n', name: 'gaps', missing: 'drop-rows' });
    assert.equal(text.numSamples, 3);
    assert.deepEqual(text.warnings, ['dropped 1 of 4 rows with missing values (a: 1)']);
    // Samples and older rows carry empty info and no warnings, never undefined.
    const sample = await engine.call('datasets.get', { id: 'iris' });
    assert.deepEqual(sample.warnings, []);
  });

  test('failed imports leave no dataset behind', async () => {
    const before = (await engine.call('datasets.list', {})).length;
    const zip = join(dir, 'book.csv');
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(64, 0xee)]));
    await assert.rejects(engine.call('datasets.importPath', { path: zip }), apiError('bad_data', /zip archive/));
    await assert.rejects(engine.call('datasets.importCsvText', { text: 'a,y\n1e39,x\n2,z\n', name: 'huge' }), apiError('bad_data', /beyond the range of the 32-bit floats/));
    assert.equal((await engine.call('datasets.list', {})).length, before);
  });

  // Imports run off the engine's thread.
  test('while a CSV of tens of MB imports, other calls answer within a second', async (t) => {
    const file = join(dir, 'large.csv');
    const rows = await writeLargeCsv(file, 30 * 1024 * 1024);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    let importEnded = 0;
    const imported = engine.call('datasets.importPath', { path: file, label: 'species' }).finally(() => (importEnded = performance.now()));
    // A timer fires only when the engine's thread is free: a parse on this thread holds it (and every call) until the import ends.
    await sleep(200);
    const probes: { ms: number; ended: number }[] = [];
    while (!importEnded) {
      const before = performance.now();
      await engine.call('runs.list', {});
      await engine.call('app.info', {});
      probes.push({ ms: performance.now() - before, ended: performance.now() });
      await sleep(100);
    }
    const meta = await imported;
    loop.disable();
    const during = probes.filter((p) => p.ended < importEnded);
    const slowest = Math.max(0, ...during.map((p) => p.ms));
    t.diagnostic(
      `import of 30 MiB (${rows} rows): ${((importEnded - started) / 1000).toFixed(1)} s; ${during.length} probe pairs answered meanwhile, ` +
        `slowest ${slowest.toFixed(0)} ms; event-loop delay max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms`,
    );
    assert.ok(during.length > 0, `no other call was answered while the import ran (${((importEnded - started) / 1000).toFixed(1)} s): the import blocked the engine's thread`);
    assert.ok(slowest < 1000, `an engine call took ${slowest.toFixed(0)} ms while the import ran`);
    assert.equal(meta.numSamples, rows);
    assert.deepEqual(meta.classes, ['setosa', 'versicolor', 'virginica']);
    const preview = await engine.call('datasets.preview', { id: meta.id, rows: 2 });
    assert.deepEqual(preview.rows, [[4, 3, 1, 0.2, 'setosa'], [5.1, 2.5, 3.1, 1.1, 'versicolor']]);
  });

  test('errors from the import thread keep their code, message and details', async () => {
    const folders = () => readdirSync(join(dir, 'home', 'datasets'));
    const before = folders();
    const expectSame = async (path: string, params: Record<string, unknown> = {}) => {
      let direct: ApiError | undefined;
      try {
        importFromPath(path, params);
      } catch (error) {
        direct = error as ApiError;
      }
      assert.ok(direct instanceof ApiError, 'the file must be refused on this thread too');
      await assert.rejects(engine.call('datasets.importPath', { path, ...params }), (e) => {
        assert.ok(e instanceof ApiError, `expected ApiError, got ${String(e)}`);
        assert.deepEqual({ code: e.code, message: e.message, details: e.details }, { code: direct.code, message: direct.message, details: direct.details });
        return true;
      });
    };
    const csv = join(dir, 'columns.csv');
    writeFileSync(csv, 'a,b,y\n1,2,x\n3,4,z\n');
    await expectSame(csv, { label: 'nope' });
    const images = join(dir, 'images');
    writeBlankPng(join(images, 'big', 'huge.png'), 10_000, 10_001);
    writePng(join(images, 'small', 'a.png'), 2, 2, () => [1, 1, 1]);
    await expectSame(images); // too_large, with the sizes in details
    await assert.rejects(
      engine.call('datasets.importCsvText', { text: 'a,y\n1,x\n2,x\n', name: 'one class' }),
      apiError('bad_data', /^label column 'y' has only one value \('x'\); classification needs at least 2 classes$/),
    );
    // Nothing half-made is left in the datasets folder.
    assert.deepEqual(folders(), before);
  });
});
