import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initialEarlyStop, updateEarlyStop, type EarlyStopState } from '../../../main/train/early-stopping.ts';
import type { MetricValues } from '../../../main/api/schemas.ts';

function run(state: EarlyStopState, series: MetricValues[]) {
  const log: { improved: boolean; stop: boolean }[] = [];
  for (const [epoch, val] of series.entries()) {
    const d = updateEarlyStop(state, epoch, val);
    state = d.state;
    log.push({ improved: d.improved, stop: d.stop });
    if (d.stop) break;
  }
  return { state, log };
}

test('val_loss is minimised and stops after patience epochs without improvement', () => {
  const s = initialEarlyStop({ monitor: 'val_loss', patience: 2, minDelta: 0 });
  const { state, log } = run(s, [1, 0.8, 0.9, 0.7, 0.75, 0.71, 0.5].map((loss) => ({ loss })));
  assert.deepEqual(log.map((l) => l.improved), [true, true, false, true, false, false]);
  assert.equal(log.at(-1)!.stop, true);
  assert.equal(state.bestEpoch, 3);
  assert.equal(state.best, 0.7);
});

test('accuracy is maximised, and minDelta demands a real improvement', () => {
  const s = initialEarlyStop({ monitor: 'val_accuracy', patience: 1, minDelta: 0.05 });
  const { state, log } = run(s, [0.5, 0.6, 0.62, 0.9].map((accuracy) => ({ accuracy, loss: 1 })));
  assert.deepEqual(log, [
    { improved: true, stop: false },
    { improved: true, stop: false },
    { improved: false, stop: true },
  ]);
  assert.equal(state.bestEpoch, 1);
});

test('patience 0 stops at the first non-improving epoch; NaN never improves', () => {
  const s = initialEarlyStop({ monitor: 'val_r2', patience: 0, minDelta: 0 });
  const { log } = run(s, [{ r2: 0.1 }, { r2: 0.2 }, { r2: NaN }]);
  assert.deepEqual(log.map((l) => l.stop), [false, false, true]);
});

test('a monitor the task does not report falls back to val_loss', () => {
  const s = initialEarlyStop({ monitor: 'val_accuracy', patience: 3, minDelta: 0 });
  const { state } = run(s, [{ loss: 2, mse: 2 }, { loss: 1, mse: 1 }, { loss: 1.5, mse: 1.5 }]);
  assert.equal(state.bestEpoch, 1);
  assert.equal(state.best, 1);
});
