/**
 * Diagnostics recorded while training (main/train/diagnostics.ts called from
 * the trainer): real iris training on the cpu backend, checked through the
 * events the trainer emits.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { BYTES_PER_LAYER_EPOCH } from '../../../main/diagnose/types.ts';
import { MAX_RUN_DIAGNOSTICS_BYTES } from '../../../main/limits.ts';
import { recordLimit } from '../../../main/train/diagnostics.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { collect, irisData, makeInput } from './helpers.ts';

type DiagnosticsEvent = Extract<RunEvent, { type: 'diagnostics' }>;
const diagnosticsOf = (events: RunEvent[]) => events.filter((e): e is DiagnosticsEvent => e.type === 'diagnostics');

before(async () => {
  await tf.setBackend('cpu');
});

test('on by default: the first epoch is probed on the first 128 validation rows, each record right after its epoch event', async () => {
  const input = makeInput(irisData(), { optimizer: { kind: 'adam', learningRate: 0.05 }, epochs: 6, batchSize: 16, split: { validation: 0.2, test: 0.1 } });
  const { events, onEvent } = collect();
  const r = await trainRun(input, { onEvent });
  assert.equal(r.status, 'completed', r.error ?? '');
  const records = diagnosticsOf(events);
  assert.ok(records.length >= 1);
  assert.equal(records[0].epoch, 1);
  for (const d of records) {
    const at = events.indexOf(d);
    const before = events[at - 1];
    assert.ok(before.type === 'epoch' && before.epoch === d.epoch, `diagnostics of epoch ${d.epoch} follow its epoch event`);
    assert.equal(d.diagnostics.epoch, d.epoch);
    assert.ok(JSON.stringify(d.diagnostics).length <= d.diagnostics.layers.length * BYTES_PER_LAYER_EPOCH);
  }
  const first = records[0].diagnostics;
  assert.deepEqual(first.layers.map((l) => l.layer), ['dense_1', 'head']);
  const hidden = first.layers[0];
  // 30 validation rows (20% of iris) × 16 units: the probe saw the whole (small) validation split.
  assert.equal(hidden.activations.count, 30 * 16);
  assert.equal(hidden.activation, 'relu');
  assert.ok(hidden.deadFraction !== null && hidden.deadFraction >= 0 && hidden.deadFraction <= 1);
  assert.ok(hidden.gradNorm !== null && hidden.gradNorm > 0);
  assert.equal(hidden.updateRatio, null, 'the first record has no earlier weights to compare with');
  assert.ok(Number.isFinite(first.loss) && first.loss > 0);
  if (records.length > 1) assert.ok((records[1].diagnostics.layers[0].updateRatio ?? 0) > 0);
});

test('probeRows sets the probe batch; enabled: false records nothing', async () => {
  const hp = { optimizer: { kind: 'adam' as const, learningRate: 0.05 }, epochs: 2, batchSize: 16 };
  const few = collect();
  await trainRun(makeInput(irisData(), { ...hp, diagnostics: { probeRows: 7 } }), few);
  assert.equal(diagnosticsOf(few.events)[0].diagnostics.layers[0].activations.count, 7 * 16);
  const off = collect();
  const r = await trainRun(makeInput(irisData(), { ...hp, diagnostics: { enabled: false } }), off);
  assert.equal(r.status, 'completed');
  assert.deepEqual(diagnosticsOf(off.events), []);
});

test('storage is bounded: fewer recorded epochs for models with many layers', () => {
  assert.equal(recordLimit(8), 200);
  assert.equal(recordLimit(100), Math.floor(MAX_RUN_DIAGNOSTICS_BYTES / (100 * BYTES_PER_LAYER_EPOCH)));
  assert.ok(recordLimit(1000) * 1000 * BYTES_PER_LAYER_EPOCH <= MAX_RUN_DIAGNOSTICS_BYTES);
  assert.equal(recordLimit(1_000_000), 1, 'always the first epoch');
});
