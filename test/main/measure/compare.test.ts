import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyVerdict, NO_CHANGE_BAND, pairedRatio } from '../../../main/measure/compare.ts';
import { median } from '../../../main/util/stats.ts';
import { createRng } from '../../../main/util/rng.ts';

/** Timings of a model costing `ms`, on a machine whose load makes everything `load(i)` times slower, with ±10% jitter. */
function timings(n: number, ms: number, load: (i: number) => number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => ms * load(i) * (1 + 0.1 * (rng.next() * 2 - 1)));
}

test('equal models under a drifting load: separate medians claim a speed-up, interleaved pairs say no change', () => {
  // The case: the same baseline measured 0.97–1.24 ms in different experiments. Here the load halves
  // between the first and second half of the run; the two models cost exactly the same.
  const load = (i: number) => (i < 15 ? 1.25 : 1);
  const a = timings(30, 1, load, 1);
  const b = timings(30, 1, load, 2);
  // Measured one after the other (A in the busy half, B in the quiet one), as steps of separate experiments were:
  const separate = median(a.slice(0, 15)) / median(b.slice(15));
  assert.ok(separate > 1.15, `separate measurements suggest ${separate.toFixed(2)}x`);
  const paired = pairedRatio(a, b);
  assert.equal(latencyVerdict(paired), 'no measurable change', JSON.stringify(paired));
  assert.ok(paired.low <= 1 && paired.high >= 1);
  assert.equal(paired.pairs, 30);
});

test('a real speed-up or slow-down is reported with its interval; small consistent changes are not', () => {
  const flat = () => 1;
  const twice = pairedRatio(timings(20, 2, flat, 3), timings(20, 1, flat, 4));
  assert.equal(latencyVerdict(twice), 'faster');
  assert.ok(twice.ratio > 0.4 && twice.ratio < 0.6 && twice.low <= twice.ratio && twice.ratio <= twice.high);
  assert.equal(latencyVerdict(pairedRatio(timings(20, 1, flat, 5), timings(20, 1.5, flat, 6))), 'slower');
  // 3% faster, consistently: inside the band, not news.
  const slight = { ratio: 0.97, low: 0.96, high: 0.98 };
  assert.ok(1 - slight.high < NO_CHANGE_BAND);
  assert.equal(latencyVerdict(slight), 'no measurable change');
  assert.throws(() => pairedRatio([1, 2], [1]), /2 baseline timings for 1/);
});
