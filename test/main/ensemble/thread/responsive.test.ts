/**
 * The engine thread stays responsive while an ensemble builds: member
 * predictions, the selection maths, the merge and its measurement run in the
 * ensemble's own worker thread (main/ensemble/thread/), so an API call asked
 * for meanwhile (app.info, runs.list: what the UI, the owner's heartbeat and
 * live training events need) is answered at once.
 *
 * The setting makes the build heavy on purpose: a selection over 10 conv
 * members on MNIST, with a split of 7,000 validation and 1,000 test rows, so
 * each member's predictions take seconds on the engine's cpu backend. When
 * they ran on the engine thread, calls waited for them (the whole build); the
 * bounds below are generous for a loaded 2-core machine and still fail clearly then.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../../../main/engine/engine.ts';
import { median } from '../../../../main/util/stats.ts';
import { trainAndWait } from '../../engine/run-helpers.ts';
import { answerTimes, ensembleEnd } from '../engine-helpers.ts';

/**
 * Answers are late by milliseconds when the engine thread is free; by seconds to minutes when it
 * predicts (the blocking version: the first answer came after the whole 114 s build). Typical
 * answers must be well under a second, the worst within a bound generous for a 2-core machine
 * shared by many processes (at a load of 21 the worst was 1 s: the thread waits for a core too).
 */
const MEDIAN_BOUND_MS = 250;
const WORST_BOUND_MS = 3000;
const PROBE_EVERY_MS = 25;
const MEMBERS = 10;

let home: string;
let engine: Engine;
const runIds: string[] = [];

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'mb-ensemble-responsive-'));
  engine = await createEngine({ home, workers: 2, backend: ['wasm'] });
  const mnist = await engine.call('datasets.importSample', { sample: 'mnist' });
  // Cheap to train (one epoch on 2,000 rows), heavy to predict (7,000 validation rows): one split for all (seed 3).
  const hyperparams = { epochs: 1, batchSize: 64, split: { validation: 0.7, test: 0.1, stratify: true } };
  const trained = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => {
    const spec = { layers: [{ kind: 'conv2d' as const, filters: 6 + (i % 3) * 2, kernelSize: 3 }, { kind: 'maxPool2d' as const }, { kind: 'flatten' as const }] };
    return trainAndWait(engine, { datasetId: mnist.id, spec, hyperparams: { ...hyperparams, optimizer: { kind: 'adam' as const, learningRate: 0.002 * (1 + i) } }, seed: 3 });
  }));
  for (const { runId, events } of trained) {
    const end = events.at(-1);
    assert.equal(end?.type === 'finished' && end.status, 'completed');
    runIds.push(runId);
  }
});
after(async () => {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
});

test(`a 10-member conv selection builds while app.info and runs.list answer in under ${MEDIAN_BOUND_MS} ms (median), ${WORST_BOUND_MS} ms at worst`, async () => {
  await engine.call('app.info', {}); // the first call probes the training backends once; not part of the build
  const startedAt = performance.now();
  const built = ensembleEnd(engine, () => engine.call('ensembles.create', { method: 'selection', runIds, seed: 1 }));
  const answers = await answerTimes(engine, built, PROBE_EVERY_MS);
  const buildMs = performance.now() - startedAt;
  const e = await built;
  assert.equal(e.status, 'completed', e.error ?? '');
  assert.equal(e.members.length, MEMBERS);
  assert.ok(e.metrics.val?.accuracy !== undefined && e.metrics.test?.accuracy !== undefined);
  assert.ok(e.size && e.size.paramCount > 0 && e.size.latency);
  const worst = Math.max(...answers);
  const typical = median(answers);
  const late = answers.map((ms, i) => ({ ms, i })).sort((a, b) => b.ms - a.ms).slice(0, 3).map((a) => `#${a.i + 1}: ${a.ms.toFixed(0)} ms`);
  console.log(`build ${(buildMs / 1000).toFixed(1)} s; ${answers.length} answers, median ${typical.toFixed(0)} ms, worst ${worst.toFixed(0)} ms (latest: ${late.join(', ')}); loadavg ${loadavg()[0].toFixed(1)}`);
  assert.ok(typical < MEDIAN_BOUND_MS, `engine calls waited ${typical.toFixed(0)} ms (median) while the ensemble built (bound ${MEDIAN_BOUND_MS} ms): the build blocked the engine thread`);
  assert.ok(worst < WORST_BOUND_MS, `an engine call waited ${worst.toFixed(0)} ms while the ensemble built (bound ${WORST_BOUND_MS} ms): the build blocked the engine thread`);
  assert.ok(answers.length >= 5, `only ${answers.length} answers during a ${(buildMs / 1000).toFixed(1)} s build`);
});
