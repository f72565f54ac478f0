/**
 * The web host's path policy for imports: a restricted engine (as `modelbench serve`
 * runs it) reads only inside its data folder and the folders allowed with allowPath
 * (`serve --data-dir`), resolving symlinks, and reports those folders as importRoots.
 */
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ApiError } from '../../../main/api/errors.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { tempDir, writeIdx, writePng } from '../data/helpers.ts';

const refused = (code: string) => (e: unknown) => e instanceof ApiError && e.code === code;

describe('restricted engine with an allowed folder', () => {
  let root: string;
  let allowed: string;
  let outside: string;
  let engine: Engine;
  const cleanups: (() => void)[] = [];

  before(async () => {
    root = realpathSync(tempDir({ after: (fn) => cleanups.push(fn) }));
    allowed = join(root, 'allowed');
    outside = join(root, 'outside');
    // A two-class image folder and an IDX pair inside the allowed folder, the same outside it.
    for (const base of [allowed, outside]) {
      writePng(join(base, 'shapes', 'dark', 'a.png'), 4, 4, () => [20, 20, 20]);
      writePng(join(base, 'shapes', 'dark', 'b.png'), 4, 4, () => [30, 30, 30]);
      writePng(join(base, 'shapes', 'light', 'c.png'), 4, 4, () => [220, 220, 220]);
      mkdirSync(join(base, 'mnist'), { recursive: true });
      writeIdx(join(base, 'mnist', 'train-images-idx3-ubyte'), 'ubyte', [3, 2, 2], [0, 255, 0, 255, 255, 0, 255, 0, 9, 9, 9, 9]);
      writeIdx(join(base, 'mnist', 'train-labels-idx1-ubyte'), 'ubyte', [3], [1, 0, 1]);
    }
    writePng(join(allowed, 'mixed', 'x', 'a.png'), 4, 4, () => [1, 2, 3]);
    writePng(join(allowed, 'mixed', 'y', 'b.png'), 5, 5, () => [1, 2, 3]);
    // A symlink inside the allowed folder that leads outside it.
    symlinkSync(join(outside, 'shapes'), join(allowed, 'escape'));
    engine = await createEngine({ home: join(root, 'home'), workers: 1, backend: ['cpu'], restrictPaths: true });
    engine.allowPath(allowed);
  });
  after(async () => {
    await engine.close();
    for (const fn of cleanups) fn();
  });

  test('app.info lists imports/ and the allowed folder as import roots', async () => {
    const info = await engine.call('app.info', {});
    assert.deepEqual(info.importRoots, [join(root, 'home', 'imports'), allowed]);
  });

  test('imports an image folder and an IDX pair from inside the allowed folder', async () => {
    const images = await engine.call('datasets.importPath', { path: join(allowed, 'shapes') });
    assert.equal(images.source, 'images');
    assert.deepEqual(images.classes, ['dark', 'light']);
    assert.equal(images.numSamples, 3);
    const preview = await engine.call('datasets.preview', { id: images.id, rows: 10 });
    assert.equal(preview.images?.length, 3);
    const idx = await engine.call('datasets.importPath', { path: join(allowed, 'mnist', 'train-images-idx3-ubyte'), name: 'tiny-mnist' });
    assert.equal(idx.source, 'idx');
    assert.equal(idx.name, 'tiny-mnist');
    assert.deepEqual(idx.inputShape, [2, 2, 1]);
    assert.deepEqual(idx.classCounts, [1, 2]);
  });

  test('refuses paths outside the allowed folders with forbidden_path, symlinks and .. included', async () => {
    await assert.rejects(engine.call('datasets.importPath', { path: join(outside, 'shapes') }), refused('forbidden_path'));
    await assert.rejects(engine.call('datasets.importPath', { path: join(outside, 'mnist', 'train-images-idx3-ubyte') }), refused('forbidden_path'));
    await assert.rejects(engine.call('datasets.importPath', { path: join(allowed, '..', 'outside', 'shapes') }), refused('forbidden_path'));
    await assert.rejects(engine.call('datasets.importPath', { path: join(allowed, 'escape') }), refused('forbidden_path'));
    await assert.rejects(engine.call('datasets.importPath', { path: '/etc/passwd' }), (e: unknown) => refused('forbidden_path')(e) && /--data-dir/.test((e as Error).message));
  });

  test('clear data errors from inside: mixed image sizes, a missing path', async () => {
    await assert.rejects(engine.call('datasets.importPath', { path: join(allowed, 'mixed') }), refused('bad_data'));
    await assert.rejects(engine.call('datasets.importPath', { path: join(allowed, 'nope') }), refused('not_found'));
  });
});

test('without allowed folders a restricted engine offers only imports/', async (t) => {
  const root = tempDir(t);
  const engine = await createEngine({ home: join(root, 'home'), workers: 1, backend: ['cpu'], restrictPaths: true });
  t.after(() => engine.close());
  assert.deepEqual((await engine.call('app.info', {})).importRoots, [join(root, 'home', 'imports')]);
  writePng(join(root, 'elsewhere', 'a', '1.png'), 2, 2, () => [0, 0, 0]);
  writePng(join(root, 'elsewhere', 'b', '2.png'), 2, 2, () => [9, 9, 9]);
  await assert.rejects(engine.call('datasets.importPath', { path: join(root, 'elsewhere') }), refused('forbidden_path'));
});
