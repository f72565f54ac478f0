/** Datasets and the engine's life: an import in flight when the engine closes, and a dataset that a study needs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../main/engine/engine.ts';

test('closing the engine stops an import in flight: no row, no files, and the worker does not outlive close()', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-close-import-'));
  try {
    const file = join(home, 'big.csv');
    const rows = ['a,b,c,label'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i % 97},${(i * 7) % 13},${i % 5},${i % 3 ? 'x' : 'y'}`);
    writeFileSync(file, rows.join('\n'));
    const engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
    const importing = engine.call('datasets.importPath', { path: file });
    const outcome = importing.then(() => 'imported', (e: Error & { code?: string }) => `${e.code}: ${e.message}`);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await engine.close();
    const closeMs = performance.now() - started;
    assert.match(await outcome, /^conflict: the import was stopped/);
    assert.deepEqual(readdirSync(join(home, 'datasets')), [], 'the partial dataset folder was removed');
    const reopened = await createEngine({ home, workers: 1, backend: ['cpu'], readOnly: true });
    assert.deepEqual(await reopened.call('datasets.list', {}), []);
    await reopened.close();
    console.log(`close() with an import in flight took ${closeMs.toFixed(0)} ms`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a dataset a study trains on cannot be deleted, and says which study', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-delete-study-ds-'));
  const engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
  try {
    const iris = await engine.call('datasets.importSample', { sample: 'iris' });
    await engine.call('studies.create', { config: {
      name: 'needs iris', datasetId: iris.id, sampler: 'random', nTrials: 2,
      base: { spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 1 } },
      space: { params: { units_0: { kind: 'int', low: 4, high: 8 }, depth: { kind: 'fixed', value: 1 } } },
      objectives: [{ kind: 'metric', metric: 'val_accuracy', direction: 'maximize' }],
    } });
    await assert.rejects(engine.call('datasets.delete', { id: iris.id }), (e: Error & { code?: string }) => e.code === 'conflict' && /needs iris/.test(e.message));
    assert.equal((await engine.call('datasets.list', {})).length, 1);
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
});
