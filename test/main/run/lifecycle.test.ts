/**
 * The run lifecycle's epoch gate, on a real store and a real training worker:
 * a run whose owner judges each epoch (onEpoch) waits for the verdict, so a
 * stop decided slowly still lands right after the epoch it was decided on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunConfig } from '../../../main/api/schemas.ts';
import type { EpochEvent } from '../../../main/run/lifecycle.ts';
import { openLauncher, type LauncherFixture } from './launcher-fixture.ts';

const config = RunConfig.parse({
  datasetId: 'iris', seed: 5, spec: { layers: [{ kind: 'dense', units: 8 }] },
  hyperparams: { epochs: 30, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 } },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('run lifecycle: the epoch gate', () => {
  let fx: LauncherFixture;
  before(async () => (fx = await openLauncher('lifecycle')));
  after(() => fx.close());

  test('a slow verdict: the worker waits, and the run stops right after the judged epoch with the status it was given', async () => {
    const judged: number[] = [];
    const run = await fx.launcher.start({
      config, dataset: fx.dataset, name: 'gated',
      async onEpoch(event: EpochEvent) {
        judged.push(event.epoch);
        // Slower than many epochs of iris: without the gate the worker would be far ahead by now.
        await sleep(300);
        return event.epoch === 2 ? { reason: 'pruned at epoch 2', status: 'pruned' } : null;
      },
    });
    const outcome = await run.done;
    assert.deepEqual(judged, [1, 2]);
    assert.deepEqual([outcome.status, outcome.epochsDone, outcome.error], ['pruned', 2, 'pruned at epoch 2']);
    const stored = (await fx.store.runs.get(run.runId))!;
    assert.deepEqual([stored.status, stored.epochsDone, stored.error], ['pruned', 2, 'pruned at epoch 2']);
    const val = (await fx.store.metrics.get(run.runId)).filter((p) => p.split === 'val' && p.name === 'accuracy');
    assert.deepEqual(val.map((p) => p.epoch), [1, 2]);
    assert.equal(stored.metrics.val?.accuracy, val[1].value, 'the final metrics are those of epoch 2');
  });

  test('a verdict that throws releases the worker: the run trains to the end', async () => {
    const run = await fx.launcher.start({
      config: { ...config, hyperparams: { ...config.hyperparams, epochs: 3 } }, dataset: fx.dataset, name: 'throwing judge',
      onEpoch() {
        throw new Error('judge is broken');
      },
    });
    const outcome = await run.done;
    assert.deepEqual([outcome.status, outcome.epochsDone], ['completed', 3]);
  });

  test('cancelled while the worker waits for a verdict that never comes: it stops there as cancelled', async () => {
    let waiting!: () => void;
    const reached = new Promise<void>((r) => (waiting = r));
    const run = await fx.launcher.start({
      config, dataset: fx.dataset, name: 'never judged',
      onEpoch() {
        waiting();
        return new Promise<null>(() => {});
      },
    });
    await reached;
    run.cancel('stopped by the test');
    const outcome = await run.done;
    assert.deepEqual([outcome.status, outcome.epochsDone, outcome.error], ['cancelled', 1, 'stopped by the test']);
  });

  test('runs nobody judges are not gated', async () => {
    const run = await fx.launcher.start({ config: { ...config, hyperparams: { ...config.hyperparams, epochs: 2 } }, dataset: fx.dataset, name: 'plain' });
    assert.equal((await run.done).status, 'completed');
  });
});
