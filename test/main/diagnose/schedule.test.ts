/** The probe schedule keeps diagnostics within their share of training time and their record cap. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProbeSchedule, MAX_PROBE_SHARE, MAX_RECORDED_EPOCHS } from '../../../main/diagnose/schedule.ts';

/** Simulates a run: each epoch trains for epochMs, each probe costs probeMs. */
function simulate(epochs: number, epochMs: number, probeMs: number) {
  const s = createProbeSchedule(epochs);
  const probed: number[] = [];
  let train = 0;
  let probe = 0;
  for (let e = 1; e <= epochs; e++) {
    s.addTraining(epochMs);
    train += epochMs;
    if (s.shouldProbe(e)) {
      probed.push(e);
      s.addProbe(probeMs);
      probe += probeMs;
    }
  }
  return { probed, overhead: probe / train };
}

test('a probe as costly as the epoch: probed about every thirtieth epoch, overhead within the budget plus the first probe', () => {
  const { probed, overhead } = simulate(100, 7, 8);
  assert.equal(probed[0], 1);
  assert.ok(probed.length >= 2 && probed.length <= 4, `${probed.length}`);
  assert.ok(overhead <= MAX_PROBE_SHARE + 8 / (100 * 7), `${overhead}`);
});

test('a cheap probe runs every epoch', () => {
  const { probed, overhead } = simulate(30, 1000, 20);
  assert.equal(probed.length, 30);
  assert.ok(overhead < 0.03);
});

test('long runs are capped at the record limit on an even stride, with the last epoch', () => {
  const { probed } = simulate(1000, 1000, 1);
  assert.ok(probed.length <= MAX_RECORDED_EPOCHS + 1 && probed.length >= 190, `${probed.length}`);
  assert.equal(probed[probed.length - 1], 1000);
  assert.equal(probed[1] - probed[0], 5);
});
