import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLineageOption, CELL, LABEL, layoutLineage, lineageHeight, RELATION_COLORS, type LineageEdge, type LineageNode, type Placed } from '../../../renderer/src/charts/lineage-graph.ts';

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

/** Cells (symbol + label) of two nodes never intersect. */
function assertNoOverlap(placed: readonly Placed[]) {
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j < placed.length; j++) {
      const a = placed[i];
      const b = placed[j];
      const apart = Math.abs(a.x - b.x) >= CELL.width || Math.abs(a.y - b.y) >= CELL.height;
      assert.ok(apart, `${a.id} (${a.x}, ${a.y}) and ${b.id} (${b.x}, ${b.y}) overlap`);
    }
  }
}

function assertParentsLeft(placed: readonly Placed[], es: readonly LineageEdge[]) {
  const at = new Map(placed.map((p) => [p.id, p]));
  for (const e of es) {
    const from = at.get(e.from);
    const to = at.get(e.to);
    if (from && to) assert.ok(from.x < to.x, `${e.from} is not left of ${e.to}`);
  }
}

/** A family like a real sweep: a base, many prune experiments, some chained on. */
function family(children: number): { nodes: LineageNode[]; edges: LineageEdge[] } {
  const ns: LineageNode[] = [{ id: 'base', label: 'a base run with a rather long name indeed' }];
  const es: LineageEdge[] = [];
  for (let i = 0; i < children; i++) {
    ns.push({ id: `c${i}`, label: `pruned ${i}` });
    es.push({ from: 'base', to: `c${i}`, relation: 'pruned' });
    if (i % 3 === 0) {
      ns.push({ id: `g${i}`, label: `fine-tuned ${i}` });
      es.push({ from: `c${i}`, to: `g${i}`, relation: 'fine-tuned' });
    }
  }
  // Shuffled edge order must not change the picture.
  return { nodes: ns, edges: [...es].reverse() };
}

test('generations go left to right; a child sits right of its deepest parent', () => {
  const placed = layoutLineage(nodes, edges);
  assert.deepEqual(placed.map((p) => [p.id, p.depth, p.row]), [['base', 0, 0], ['p50', 1, 0], ['p90', 1, 1], ['ft', 2, 0]]);
  assertParentsLeft(placed, edges);
  const chain = layoutLineage(
    [{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }, { id: 'c', label: 'c' }],
    [{ from: 'a', to: 'b', relation: 'pruned' }, { from: 'b', to: 'c', relation: 'pruned' }, { from: 'a', to: 'c', relation: 'distilled' }, { from: 'zz', to: 'a', relation: 'x' }],
  );
  assert.deepEqual(chain.map((p) => p.depth), [0, 1, 2]);
  const cyc = layoutLineage([{ id: 'a', label: 'a' }, { id: 'b', label: 'b' }], [{ from: 'a', to: 'b', relation: 'r' }, { from: 'b', to: 'a', relation: 'r' }]);
  assert.equal(cyc.length, 2);
});

test('a large family: no two nodes overlap, parents left of children, deterministic', () => {
  const f = family(24);
  const placed = layoutLineage(f.nodes, f.edges);
  assert.equal(placed.length, f.nodes.length);
  assertNoOverlap(placed);
  assertParentsLeft(placed, f.edges);
  assert.deepEqual(layoutLineage(f.nodes, f.edges), placed, 'same input, same layout');
  assert.deepEqual(layoutLineage(f.nodes, [...f.edges].reverse()), placed, 'edge order does not matter');
  // The old layout drew all 24 children of the base in one column: they still are one
  // generation, but every cell is a full cell apart.
  assert.equal(new Set(placed.filter((p) => p.depth === 1).map((p) => p.y)).size, 24);
});

test('children are ordered next to their parents (fewer crossings)', () => {
  // Two parents in column 1; the child of the second parent comes after the child of the first,
  // even though it was listed first.
  const ns = [{ id: 'r', label: 'r' }, { id: 'a', label: 'a' }, { id: 'b', label: 'b' }, { id: 'kb', label: 'kb' }, { id: 'ka', label: 'ka' }];
  const es = [{ from: 'r', to: 'a', relation: 'pruned' }, { from: 'r', to: 'b', relation: 'pruned' }, { from: 'b', to: 'kb', relation: 'fine-tuned' }, { from: 'a', to: 'ka', relation: 'fine-tuned' }];
  const rows = Object.fromEntries(layoutLineage(ns, es).map((p) => [p.id, p.row]));
  assert.ok(rows.ka < rows.kb);
});

test('a label fits in its cell, so labels of neighbouring nodes cannot touch', () => {
  assert.ok(LABEL.width < CELL.width);
  // symbol (at most 22 px) + gap + two label lines stay inside one row.
  assert.ok(11 + 4 + LABEL.lines * LABEL.lineHeight < CELL.height - 11);
  const option: any = buildLineageOption({ nodes, edges, metric: 'accuracy' });
  const label = option.series[0].data[1].label;
  assert.equal(label.width, LABEL.width);
  assert.equal(label.overflow, 'truncate');
  assert.equal(option.series[0].labelLayout.hideOverlap, true);
});

test('the chart height follows the rows, within bounds', () => {
  assert.equal(lineageHeight(layoutLineage(nodes, edges)), 220);
  const tall = layoutLineage(family(24).nodes, family(24).edges);
  assert.equal(lineageHeight(tall), 560);
  const six = layoutLineage(family(6).nodes, family(6).edges);
  assert.equal(lineageHeight(six), 6 * CELL.height + 40);
});

test('a graph series with fixed positions, zoom and pan, arrows, colours and full names in tooltips', () => {
  const long = [...nodes.slice(0, 3), { id: 'ft', label: 'a run name far too long to fit under its node <b>bold</b>', value: 0.7 }];
  const option: any = buildLineageOption({ nodes: long, edges, metric: 'accuracy' });
  const s = option.series[0];
  assert.equal(s.type, 'graph');
  assert.equal(s.layout, 'none');
  assert.equal(s.roam, true);
  assert.deepEqual(s.edgeSymbol, ['none', 'arrow']);
  assert.deepEqual(s.data.slice(0, 4).map((d: any) => [d.id, d.x]), [['base', 0], ['p50', CELL.width], ['p90', CELL.width], ['ft', 2 * CELL.width]]);
  // Single nodes are centred against the tallest generation.
  assert.equal(s.data[0].y, CELL.height / 2);
  const anchors = s.data.slice(4);
  assert.deepEqual(anchors.map((d: any) => [d.symbolSize, d.silent]), [[0, true], [0, true]]);
  assert.equal(s.data[2].itemStyle.color, RELATION_COLORS.pruned);
  assert.equal(s.data[3].itemStyle.color, RELATION_COLORS.transferred);
  assert.equal(s.data[2].symbolSize, 22, 'the current run is larger');
  assert.match(s.data[1].label.formatter, /accuracy 0\.93$/);
  const tip = option.tooltip.formatter({ dataType: 'node', name: long[3].label, value: 0.7, data: s.data[3] });
  assert.match(tip, /far too long to fit under its node &#60;b&#62;bold&#60;\/b&#62;/, 'full name, escaped');
  assert.match(tip, /transferred<br\/>accuracy: 0\.7/);
  assert.equal(option.tooltip.formatter({ dataType: 'edge', data: { source: 'base', target: 'p50', value: 'pruned' } }), 'mlp → mlp pruned 50%<br/>pruned');
});

test('edges to unknown runs are dropped rather than breaking the chart', () => {
  const option: any = buildLineageOption({ nodes: [{ id: 'a', label: 'a' }], edges: [{ from: 'a', to: 'ghost', relation: 'pruned' }] });
  assert.equal(option.series[0].links.length, 0);
  assert.equal(option.series[0].data.filter((d: any) => !d.silent).length, 1);
  const [tl, br] = option.series[0].data.slice(1);
  assert.ok(br.x > tl.x && br.y > tl.y, 'a single node still gets a box with width and height');
});
