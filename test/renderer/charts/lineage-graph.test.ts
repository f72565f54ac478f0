import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLineageOption, layoutLineage, RELATION_COLORS } from '../../../renderer/src/charts/lineage-graph.ts';

const nodes = [
  { id: 'base', label: 'mlp' },
  { id: 'p50', label: 'mlp pruned 50%', value: 0.93 },
  { id: 'p90', label: 'mlp pruned 90%', value: 0.8, current: true },
  { id: 'ft', label: 'p50 transferred', value: 0.7 },
];
const edges = [
  { from: 'base', to: 'p50', relation: 'pruned' },
  { from: 'base', to: 'p90', relation: 'pruned' },
  { from: 'p50', to: 'ft', relation: 'transferred' },
];

test('generations go left to right, rows in first-seen order', () => {
  assert.deepEqual(layoutLineage(nodes, edges), [
    { id: 'base', depth: 0, row: 0 },
    { id: 'p50', depth: 1, row: 0 },
    { id: 'p90', depth: 1, row: 1 },
    { id: 'ft', depth: 2, row: 0 },
  ]);
});

test('a child sits right of its deepest parent; cycles and dangling edges do not hang', () => {
  const placed = layoutLineage(
    [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }, { id: 'c', label: 'c' }],
    [{ from: 'a', to: 'b', relation: 'pruned' }, { from: 'b', to: 'c', relation: 'pruned' }, { from: 'a', to: 'c', relation: 'distilled' }, { from: 'zz', to: 'a', relation: 'x' }],
  );
  assert.deepEqual(placed.map((p) => p.depth), [0, 1, 2]);
  const cyc = layoutLineage([{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }], [{ from: 'a', to: 'b', relation: 'r' }, { from: 'b', to: 'a', relation: 'r' }]);
  assert.equal(cyc.length, 2);
});

test('a graph series with fixed positions, arrows, relation labels and colours', () => {
  const option: any = buildLineageOption({ nodes, edges, metric: 'accuracy' });
  const s = option.series[0];
  assert.equal(s.type, 'graph');
  assert.equal(s.layout, 'none');
  assert.deepEqual(s.edgeSymbol, ['none', 'arrow']);
  assert.equal(s.preserveAspect, true);
  assert.deepEqual(s.data.slice(0, 4).map((d: any) => [d.id, d.x]), [['base', 0], ['p50', 220], ['p90', 220], ['ft', 440]]);
  // Single nodes are centred against the tallest generation.
  assert.equal(s.data[0].y, 45);
  // Two invisible anchors keep the layout box from collapsing (one row would have zero height).
  const anchors = s.data.slice(4);
  assert.deepEqual(anchors.map((d: any) => [d.symbolSize, d.silent]), [[0, true], [0, true]]);
  assert.ok(anchors[1].y - anchors[0].y >= (3 * 220) / 1.8 - 1e-9);
  assert.equal(s.data[2].itemStyle.color, RELATION_COLORS.pruned);
  assert.equal(s.data[3].itemStyle.color, RELATION_COLORS.transferred);
  assert.equal(s.data[2].symbolSize, 22, 'the current run is larger');
  assert.match(s.data[1].label.formatter, /accuracy 0\.930/);
  assert.deepEqual(s.links.map((l: any) => l.label.formatter), ['pruned', 'pruned', 'transferred']);
  assert.equal(option.tooltip.formatter({ dataType: 'edge', data: { value: 'pruned' } }), 'pruned');
});

test('edges to unknown runs are dropped rather than breaking the chart', () => {
  const option: any = buildLineageOption({ nodes: [{ id: 'a', label: 'a' }], edges: [{ from: 'a', to: 'ghost', relation: 'pruned' }] });
  assert.equal(option.series[0].links.length, 0);
  assert.equal(option.series[0].data.filter((d: any) => !d.silent).length, 1);
  const [tl, br] = option.series[0].data.slice(1);
  assert.ok(br.x > tl.x && br.y > tl.y, 'a single node still gets a box with width and height');
});
