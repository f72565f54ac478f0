import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../../main/util/rng.ts';
import { pedAnovaImportance } from '../../../main/tuner/importance/ped-anova.ts';
import { validateSpace } from '../../../main/tuner/space.ts';
import type { FrozenTrial } from '../../../main/tuner/types.ts';

const space = validateSpace({ params: {
  x: { kind: 'float', low: -1, high: 1 }, noise: { kind: 'float', low: 0, high: 1 },
  k: { kind: 'int', low: 1, high: 10 }, c: { kind: 'categorical', choices: ['a', 'b', 'c'] },
} });

function trials(n: number, seed: number): FrozenTrial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const p = { x: rng.next() * 2 - 1, noise: rng.next(), k: 1 + rng.int(10), c: ['a', 'b', 'c'][rng.int(3)] };
    // x matters most, c somewhat, noise and k not at all.
    const v = p.x * p.x + (p.c === 'a' ? 0 : 0.02) + 0.01 * rng.next();
    return { number: i, state: 'complete', params: p, values: [v], intermediate: {} };
  });
}

test('PED-ANOVA ranks the params that matter first', () => {
  const imp = pedAnovaImportance(space, trials(2000, 1), ['minimize']);
  assert.deepEqual(imp.slice(0, 2).map((r) => r.param), ['x', 'c']);
  const byName = Object.fromEntries(imp.map((r) => [r.param, r.share]));
  assert.ok(byName.x > 5 * byName.noise && byName.x > 5 * byName.k, JSON.stringify(byName));
  const total = imp.reduce((s, r) => s + r.share, 0);
  assert.ok(Math.abs(total - 1) < 1e-9);
  // Maximising inverts the top set but x still matters.
  assert.equal(pedAnovaImportance(space, trials(2000, 1), ['maximize'])[0].param, 'x');
});

test('PED-ANOVA on 10,000 trials (time printed, not asserted)', () => {
  const h = trials(10_000, 2);
  const t0 = performance.now();
  const imp = pedAnovaImportance(space, h, ['minimize']);
  console.log(`ped-anova: 10,000 trials × 4 params in ${(performance.now() - t0).toFixed(1)} ms`);
  assert.equal(imp[0].param, 'x');
});

test('PED-ANOVA copes with few or no trials', () => {
  assert.ok(pedAnovaImportance(space, [], ['minimize']).every((r) => r.divergence === 0));
  assert.equal(pedAnovaImportance(space, trials(3, 3), ['minimize']).length, 4);
});
