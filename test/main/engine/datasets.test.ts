/**
 * Dataset import through the engine (a real engine on a temp home): names stay
 * unambiguous, import options reach the data layer, and what the import decided
 * (info, warnings) is stored with the dataset and read back.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { ApiError } from '../../../main/api/errors.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { tempDir } from '../data/helpers.ts';

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
});
