/**
 * The API boundary's nesting limit: arguments nested deeper than
 * MAX_ARGUMENT_DEPTH are refused before the (recursive) schemas parse them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dispatch, nestingDepth, parseParams, toApiError, type Handlers } from '../../../main/api/dispatch.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { MAX_ARGUMENT_DEPTH, MAX_RESIDUAL_DEPTH } from '../../../main/limits.ts';

/** `depth` residual blocks, each the only layer of the one around it (built without recursion). */
function nestedSpec(depth: number) {
  let layer: object = { kind: 'dense', units: 4 };
  for (let i = 0; i < depth; i++) layer = { kind: 'residual', layers: [layer], activation: 'relu' };
  return { layers: [layer] };
}

/** Handlers that record what reached them: the boundary must stop bad arguments first. */
function recordingHandlers() {
  const seen: string[] = [];
  const handlers = new Proxy({}, { get: (_t, method: string) => (params: unknown) => (seen.push(method), params) }) as Handlers;
  return { handlers, seen };
}

test('nestingDepth counts levels and gives up past the limit, without recursing', () => {
  assert.equal(nestingDepth(5, 10), 0);
  assert.equal(nestingDepth('x'.repeat(1000), 10), 0);
  assert.equal(nestingDepth({}, 10), 1);
  assert.equal(nestingDepth([[], [[1]]], 10), 3);
  assert.equal(nestingDepth({ a: { b: [null, { c: 1 }] } }, 10), 4);
  // A million levels: a recursive walk would overflow the stack long before.
  let deep: unknown = 0;
  for (let i = 0; i < 1_000_000; i++) deep = [deep];
  assert.equal(nestingDepth(deep, MAX_ARGUMENT_DEPTH), Infinity);
});

test('nestingDepth ends on cycles and on shared sub-trees (what structured clone can send)', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.equal(nestingDepth(cyclic, 50), Infinity);
  // 60 levels of two references to one child: 2^60 paths, 60 nodes.
  let shared: unknown = {};
  for (let i = 0; i < 60; i++) shared = { left: shared, right: shared };
  assert.equal(nestingDepth(shared, 100), 61);
});

test('10,000 nested residual blocks: invalid_argument naming the limit, before any handler or schema', async () => {
  const { handlers, seen } = recordingHandlers();
  for (const method of ['models.count', 'runs.start', 'studies.create']) {
    const params = method === 'studies.create' ? { config: { space: { params: {} }, objectives: [], base: { spec: nestedSpec(10_000) } } } : { spec: nestedSpec(10_000), datasetId: 'd' };
    await assert.rejects(dispatch(handlers, method, params), (e: unknown) => {
      assert.ok(e instanceof ApiError);
      assert.equal(e.code, 'invalid_argument');
      assert.match(e.message, new RegExp(`^Invalid argument for ${method.replace('.', '\\.')}: .*more than ${MAX_ARGUMENT_DEPTH} levels deep \\(MAX_ARGUMENT_DEPTH\\)`));
      return true;
    });
  }
  assert.deepEqual(seen, []);
});

test('the deepest legitimate argument (residual blocks nested to the model limit, inside a study config) passes', async () => {
  const { handlers, seen } = recordingHandlers();
  const config = {
    datasetId: 'iris',
    base: { spec: nestedSpec(MAX_RESIDUAL_DEPTH) },
    space: { params: { lr: { kind: 'float', low: 1e-4, high: 1e-1, log: true } } },
    objectives: [{ metric: 'val_accuracy' }],
  };
  assert.ok(nestingDepth({ config }, Infinity) < MAX_ARGUMENT_DEPTH);
  await dispatch(handlers, 'studies.create', { config });
  assert.deepEqual(seen, ['studies.create']);
});

test('errors that lost their class crossing a worker keep a known code; unknown codes become internal', () => {
  assert.equal(toApiError({ code: 'too_large', message: 'big' }).code, 'too_large');
  assert.equal(toApiError({ code: 'forbidden', message: 'no' }).code, 'forbidden');
  assert.deepEqual(toApiError({ code: 'bad_data', message: 'short', details: { field: 'series.lookback' } }).details, { field: 'series.lookback' }, 'details cross too');
  assert.equal(toApiError({ code: 'EACCES', message: 'denied' }).code, 'internal');
  assert.equal(toApiError(new TypeError('boom')).code, 'internal');
  assert.equal(toApiError(null).code, 'internal');
});

test('a schema refusal about one argument path names it in details.field; one about several names none', () => {
  const refusal = (params: unknown) => {
    try {
      parseParams('datasets.importPath', params);
    } catch (error) {
      return error as ApiError;
    }
    throw new Error('expected a refusal');
  };
  const one = refusal({ path: 'a.csv', series: { time: 'date', target: 'value', lookback: 0 } });
  assert.equal(one.code, 'invalid_argument');
  assert.deepEqual(one.details, { field: 'series.lookback' });
  const item = refusal({ path: 'a.csv', series: { time: 'date', target: 'value', values: ['ok', 7], lookback: 3 } });
  assert.deepEqual(item.details, { field: 'series.values.1' });
  const two = refusal({ path: 'a.csv', series: { time: 'date', target: 'value', lookback: 0, stride: 0 } });
  assert.equal(two.details, undefined);
});
