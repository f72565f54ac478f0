/**
 * Lineage of runs: which run was pruned, fine-tuned, distilled, transferred or
 * shrunk from which. Laid out here (left to right by generation) rather than
 * by ECharts' force layout, so the picture is the same on every redraw and
 * testable as data.
 */
import type { EChartsOption } from 'echarts';
import { baseOption, MUTED, PALETTE, TEXT } from './theme.ts';

export type LineageNode = { id: string; label: string; value?: number | null; current?: boolean };
export type LineageEdge = { from: string; to: string; relation: string };
export type LineageInput = { nodes: readonly LineageNode[]; edges: readonly LineageEdge[]; metric?: string };

export const RELATION_COLORS: Record<string, string> = {
  pruned: PALETTE[1],
  'fine-tuned': PALETTE[2],
  distilled: PALETTE[4],
  transferred: PALETTE[5],
  shrunk: PALETTE[3],
  'trained alongside': MUTED,
};
const ROOT_COLOR = PALETTE[0];

export type Placed = { id: string; depth: number; row: number };

/**
 * Generation of every node (longest path from a root, so a child is always right
 * of all its parents) and its row within the generation (first-seen order).
 * Cycles cannot come from real lineage; a guard keeps bad data from looping.
 */
export function layoutLineage(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): Placed[] {
  const ids = new Set(nodes.map((n) => n.id));
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to) continue;
    parents.set(e.to, [...(parents.get(e.to) ?? []), e.from]);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(parents.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  return nodes.map((n) => {
    const d = depthOf(n.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    return { id: n.id, depth: d, row };
  });
}

const X_STEP = 220;
const Y_STEP = 90;

export function buildLineageOption(input: LineageInput): EChartsOption {
  const placed = new Map(layoutLineage(input.nodes, input.edges).map((p) => [p.id, p]));
  const incoming = new Map(input.edges.map((e) => [e.to, e.relation]));
  const known = new Set(input.nodes.map((n) => n.id));
  const maxRows = Math.max(1, ...[...placed.values()].map((p) => p.row + 1));
  const byDepth = new Map<number, number>();
  for (const p of placed.values()) byDepth.set(p.depth, (byDepth.get(p.depth) ?? 0) + 1);
  const fmt = (v: number | null | undefined) => (v != null && Number.isFinite(v) ? Number(v).toPrecision(3) : '—');
  const data = input.nodes.map((n) => {
    const p = placed.get(n.id) as Placed;
    // Centre each generation's column vertically against the tallest one.
    const offset = ((maxRows - (byDepth.get(p.depth) ?? 1)) * Y_STEP) / 2;
    const relation = incoming.get(n.id);
    const color = relation ? (RELATION_COLORS[relation] ?? MUTED) : ROOT_COLOR;
    return {
      id: n.id,
      name: n.label,
      x: p.depth * X_STEP,
      y: p.row * Y_STEP + offset,
      value: n.value ?? null,
      symbolSize: n.current ? 22 : 16,
      itemStyle: { color, borderColor: n.current ? '#0f172a' : '#fff', borderWidth: n.current ? 3 : 1 },
      // Long run names are cut to the column width; the tooltip has them in full.
      label: {
        show: true, position: 'bottom' as const, color: TEXT, fontSize: 11, lineHeight: 14, width: X_STEP - 40, overflow: 'truncate' as const,
        formatter: input.metric ? `${n.label}\n${input.metric} ${fmt(n.value)}` : n.label,
      },
    };
  });
  const links = input.edges
    .filter((e) => known.has(e.from) && known.has(e.to))
    .map((e) => ({
      source: e.from,
      target: e.to,
      value: e.relation,
      lineStyle: { color: RELATION_COLORS[e.relation] ?? MUTED, width: 2, type: e.relation === 'trained alongside' ? ('dashed' as const) : ('solid' as const) },
      label: { show: true, formatter: e.relation, fontSize: 11, color: RELATION_COLORS[e.relation] ?? MUTED },
    }));
  // ECharts fits the graph's bounding box into the chart keeping its aspect; a single row or
  // column has zero height or width and blows the symbols up. Two invisible corner anchors
  // keep the box at least one step wider and taller than the nodes.
  const maxDepth = Math.max(0, ...[...placed.values()].map((p) => p.depth));
  const anchor = (id: string, x: number, y: number) => ({
    id, name: '', x, y, value: null, symbolSize: 0, silent: true, tooltip: { show: false },
    itemStyle: { opacity: 0 }, label: { show: false, position: 'bottom' as const, color: TEXT, fontSize: 11, formatter: '' },
  });
  // Also no flatter than about the card's shape, so a short chain is not drawn as a thin strip.
  const width = (maxDepth + 1) * X_STEP;
  const height = Math.max(maxRows * Y_STEP, width / 1.8);
  const middle = ((maxRows - 1) * Y_STEP) / 2;
  const anchors = data.length ? [anchor('__anchor_tl', -X_STEP / 2, middle - height / 2), anchor('__anchor_br', maxDepth * X_STEP + X_STEP / 2, middle + height / 2)] : [];
  return {
    ...baseOption,
    tooltip: { trigger: 'item', formatter: (p: any) => (p.dataType === 'edge' ? String(p.data.value) : input.metric ? `${p.name}<br/>${input.metric}: ${fmt(p.value)}` : p.name) },
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: true,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        top: 8, bottom: 8, left: 8, right: 8,
        // Scale x and y alike: otherwise the round nodes stretch into ellipses.
        preserveAspect: true,
        data: [...data, ...anchors],
        links,
      },
    ],
    aria: { enabled: true, label: { description: `lineage of ${data.length} runs with ${links.length} derivations` } },
  } as EChartsOption;
}
