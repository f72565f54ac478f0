import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Layer } from '../../../main/api/schemas.ts';
import {
  defaultLayer, describeLayer, getAt, insertAt, LAYER_KINDS, layerFields, moveAt, parseShape, removeAt, setField,
} from '../../../renderer/src/lib/layers.ts';

const dense = (units: number): Layer => ({ kind: 'dense', units, activation: 'relu', useBias: true });

test('every schema layer kind has a default whose fields are described', () => {
  for (const kind of LAYER_KINDS) {
    const layer = defaultLayer(kind) as unknown as Record<string, unknown>;
    assert.equal(layer.kind, kind);
    for (const f of layerFields(kind)) {
      if (!(f.type === 'int' && f.optional)) assert.ok(f.key in layer, `${kind}.${f.key}`);
    }
  }
  assert.equal(LAYER_KINDS.length, 12);
});

test('insert, move and remove at the top level without mutating the input', () => {
  const start = [dense(1), dense(2)];
  const inserted = insertAt(start, [], 1, dense(9));
  assert.deepEqual(inserted.map((l) => (l as any).units), [1, 9, 2]);
  assert.equal(start.length, 2);
  assert.deepEqual(moveAt(inserted, [0], 1).map((l) => (l as any).units), [9, 1, 2]);
  assert.deepEqual(moveAt(inserted, [0], -1), inserted); // no-op at the edge
  assert.deepEqual(removeAt(inserted, [1]).map((l) => (l as any).units), [1, 2]);
});

test('edits inside a residual block address it by path', () => {
  const root: Layer[] = [dense(4), { kind: 'residual', activation: 'relu', layers: [dense(8)] }];
  const withInner = insertAt(root, [1], 1, { kind: 'dropout', rate: 0.1 });
  assert.equal(getAt(withInner, [1, 1])?.kind, 'dropout');
  const edited = setField(withInner, [1, 0], 'units', 16);
  assert.equal((getAt(edited, [1, 0]) as any).units, 16);
  assert.equal((getAt(root, [1, 0]) as any).units, 8, 'input untouched');
  const moved = moveAt(edited, [1, 1], -1);
  assert.equal(getAt(moved, [1, 0])?.kind, 'dropout');
});

test('a residual block keeps at least one layer', () => {
  const root: Layer[] = [{ kind: 'residual', activation: 'relu', layers: [dense(8)] }];
  assert.deepEqual(removeAt(root, [0, 0]), root);
  assert.deepEqual(removeAt(root, [0]), []);
});

test('setField with undefined removes an optional field', () => {
  const root: Layer[] = [{ kind: 'maxPool2d', poolSize: 2, strides: 2 }];
  assert.equal('strides' in (setField(root, [0], 'strides', undefined)[0] as object), false);
});

test('parseShape accepts commas, spaces and x; rejects junk', () => {
  assert.deepEqual(parseShape('28, 28, 1'), [28, 28, 1]);
  assert.deepEqual(parseShape('7x7x16'), [7, 7, 16]);
  assert.equal(parseShape('3, -1'), null);
  assert.equal(parseShape(''), null);
});

test('describeLayer summarises', () => {
  assert.equal(describeLayer(dense(32)), '32 units, relu');
  assert.equal(describeLayer(defaultLayer('residual')), '1 layer, relu');
});

test('default layers follow the dataset: an MLP for tables, a CNN that builds on 8x8 and 28x28 images', async () => {
  const { defaultLayersFor } = await import('../../../renderer/src/lib/layers.ts');
  const { analyseSpec } = await import('../../../main/model/counts.ts');
  assert.equal(defaultLayersFor('tabular')[0]?.kind, 'dense');
  for (const shape of [[8, 8, 1], [28, 28, 1], [32, 32, 3]]) {
    const count = analyseSpec({ layers: defaultLayersFor('image') }, shape, 10);
    assert.ok(count.ok, `builds on ${shape}: ${count.ok ? '' : count.error}`);
  }
  assert.equal(analyseSpec({ layers: defaultLayersFor('tabular') }, [4], 3).ok, true);
});
