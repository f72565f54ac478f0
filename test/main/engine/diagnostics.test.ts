/**
 * Diagnostics flow like metrics: the training worker emits them, the run
 * lifecycle stores them after the epoch's metrics and then announces them.
 * A real engine (SQLite in a temp home, a worker on the cpu backend) trains iris.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { trainAndWait } from './run-helpers.ts';

describe('diagnostics through the run lifecycle', () => {
  let home: string;
  let engine: Engine;
  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'mb-diag-'));
    engine = await createEngine({ home, workers: 1, backend: ['cpu'] });
    await engine.call('datasets.importSample', { sample: 'iris' });
  });
  after(async () => {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('every announced diagnostics record is stored, after its epoch, and the announcements follow their epochs', async () => {
    const { runId, events } = await trainAndWait(engine, {
      datasetId: 'iris', spec: { layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 4, batchSize: 16 }, seed: 3,
    });
    const announced = events.filter((e): e is Extract<RunEvent, { type: 'diagnostics' }> => e.type === 'diagnostics');
    assert.ok(announced.length >= 1 && announced[0].epoch === 1);
    for (const d of announced) {
      const epochAt = events.findIndex((e) => e.type === 'epoch' && e.epoch === d.epoch);
      assert.ok(epochAt >= 0 && epochAt < events.indexOf(d), `epoch ${d.epoch} announced before its diagnostics`);
    }
    const store = createSqliteStore(join(home, 'modelbench.db'));
    try {
      assert.deepEqual(await store.diagnostics.epochs(runId), announced.map((d) => d.epoch));
      const stored = await store.diagnostics.get(runId);
      assert.deepEqual(stored.map((d) => d.layers.map((l) => l.layer)), announced.map(() => ['dense_1', 'head']));
      assert.deepEqual(stored[0], announced[0].diagnostics);
    } finally {
      await store.close();
    }
  });
});
