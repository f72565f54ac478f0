import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeParams, checkParams, validateSpace, SpaceError } from '../../../main/tuner/space.ts';
import { fromUnit, toUnit, type IntParam, type NumericParam } from '../../../main/tuner/distributions.ts';
import { richSpace } from './fixtures.ts';

const fails = (json: unknown, message: RegExp) => assert.throws(() => validateSpace(json), (e: Error) => e instanceof SpaceError && message.test(e.message));

test('clear validation errors', () => {
  fails({ params: { lr: { kind: 'float', low: 1, high: 0.1 } } }, /param 'lr': low must be < high/);
  fails({ params: { lr: { kind: 'float', low: 0, high: 1, log: true } } }, /param 'lr': log scale needs low > 0/);
  fails({ params: { n: { kind: 'int', low: 0, high: 8, log: true } } }, /param 'n': log scale needs low >= 1/);
  fails({ params: { units_3: { kind: 'int', low: 1, high: 8, when: { param: 'depth', op: 'gt', value: 3 } } } },
    /param 'units_3' depends on unknown param 'depth'/);
  fails({ params: {
    a: { kind: 'int', low: 0, high: 3, when: { param: 'b', op: 'gt', value: 1 } },
    b: { kind: 'int', low: 0, high: 3, when: { param: 'a', op: 'gt', value: 1 } },
  } }, /cycle: a -> b -> a/);
  fails({ params: { a: { kind: 'categorical', choices: ['x', 'x'] } } }, /distinct/);
  fails({ params: { a: { kind: 'categorical', choices: ['x'] }, b: { kind: 'fixed', value: 1, when: { param: 'a', op: 'eq', value: 'y' } } } }, /can never hold/);
  fails({ params: { a: { kind: 'float', low: 0 } } }, /invalid search space: params\.a\.high/);
  fails({ params: {} }, /no params/);
});

test('params are ordered parents first and activeParams follows conditions', () => {
  const space = validateSpace({ params: {
    units_3: { kind: 'int', low: 8, high: 64, when: { param: 'depth', op: 'gt', value: 3 } },
    depth: { kind: 'int', low: 1, high: 5 },
    act: { kind: 'categorical', choices: ['relu', 'gelu'], when: { param: 'units_3', op: 'gte', value: 32 } },
  } });
  assert.deepEqual(space.params.map((p) => p.name), ['depth', 'units_3', 'act']);
  assert.deepEqual(activeParams(space, {}).map((p) => p.name), ['depth']);
  assert.deepEqual(activeParams(space, { depth: 3 }).map((p) => p.name), ['depth']);
  assert.deepEqual(activeParams(space, { depth: 4 }).map((p) => p.name), ['depth', 'units_3']);
  assert.deepEqual(activeParams(space, { depth: 4, units_3: 40 }).map((p) => p.name), ['depth', 'units_3', 'act']);
  assert.deepEqual(checkParams(space, { depth: 4, units_3: 40, act: 'relu' }), []);
  assert.deepEqual(checkParams(space, { depth: 2, units_3: 40 }), ["param 'units_3' is inactive but present"]);
  assert.match(checkParams(space, { depth: 9 })[0], /outside its domain/);
});

test('unit-interval transforms round-trip on every numeric kind', () => {
  const space = richSpace();
  for (const p of space.params) {
    if (p.kind !== 'float' && p.kind !== 'int') continue;
    const d = p as NumericParam;
    for (let i = 0; i <= 100; i++) {
      const v = fromUnit(d, i / 100);
      assert.ok(v >= d.low && v <= d.high, `${d.name} ${v}`);
      close(fromUnit(d, toUnit(d, v)), v);
    }
  }
  // Ints: each value owns an equal share of [0, 1]; the step is honoured.
  const units = space.params.find((p) => p.name === 'units_3') as IntParam;
  const seen = new Map<number, number>();
  for (let i = 0; i < 3000; i++) { const v = fromUnit(units, (i + 0.5) / 3000); seen.set(v, (seen.get(v) ?? 0) + 1); }
  assert.deepEqual([...seen.keys()], [16, 96, 176, 256]);
  for (const c of seen.values()) assert.equal(c, 750);
});

function close(a: number, b: number) {
  assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
}
