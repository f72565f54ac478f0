/**
 * Lineage of runs: which run was pruned, fine-tuned, distilled, transferred or
 * shrunk from which. Laid out here rather than by ECharts' force layout, so the
 * picture is the same on every redraw and testable as data: one column per
 * generation, left to right, each column ordered to keep a child near its
 * parents, every node in a cell large enough for its (truncated) label.
 */
import { t, tValue } from '../i18n/index.ts';
import { metricName } from '../lib/metric-names.ts';
import type { EChartsOption } from 'echarts';
import { formatNumber } from '../lib/format.ts';
import { escapeHtml as escape } from './html.ts';
import { baseOption, MUTED, PALETTE, TEXT } from './theme.ts';

export type LineageNode = { id: string; label: string; value?: number | null; current?: boolean };
export type LineageEdge = { from: string; to: string; relation: string };
export type LineageInput = { nodes: readonly LineageNode[]; edges: readonly LineageEdge[]; metric?: string | null };

export const RELATION_COLORS: Record<string, string> = {
  pruned: PALETTE[1],
  'fine-tuned': PALETTE[2],
  distilled: PALETTE[4],
  transferred: PALETTE[5],
  shrunk: PALETTE[3],
  'trained alongside': MUTED,
};
const ROOT_COLOR = PALETTE[0];

/** One cell per node, in layout units (= pixels at zoom 1): the label sits under the symbol, inside the cell. */
export const CELL = { width: 200, height: 64 } as const;
/** Label box under a node: narrower and shorter than the cell, so neighbours' labels never touch. */
export const LABEL = { width: CELL.width - 36, lineHeight: 14, lines: 2 } as const;
const SYMBOL = 16;
const SYMBOL_CURRENT = 22;

export type Placed = { id: string; depth: number; row: number; x: number; y: number };

/**
 * Generation of every node (longest path from a root, so a child is always
 * right of all its parents) and its row within the generation: columns are
 * ordered by the mean row of each node's parents (barycentre), ties broken by
 * input order, which keeps siblings together and edges short. Each column is
 * centred against the tallest one. Deterministic: same input, same picture.
 * Cycles cannot come from real lineage; a guard keeps bad data from looping.
 */
export function layoutLineage(nodes: readonly LineageNode[], edges: readonly LineageEdge[]): Placed[] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const parents = new Map<string, string[]>();
  for (const e of edges) {
    if (!index.has(e.from) || !index.has(e.to) || e.from === e.to) continue;
    const list = parents.get(e.to) ?? [];
    if (!list.includes(e.from)) parents.set(e.to, [...list, e.from]);
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
  const columns = new Map<number, string[]>();
  for (const n of nodes) {
    const d = depthOf(n.id);
    columns.set(d, [...(columns.get(d) ?? []), n.id]);
  }
  const row = new Map<string, number>();
  for (const d of [...columns.keys()].sort((a, b) => a - b)) {
    const ids = columns.get(d) as string[];
    const key = (id: string) => {
      const rows = (parents.get(id) ?? []).map((p) => row.get(p)).filter((r): r is number => r !== undefined);
      return rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : Infinity;
    };
    const ordered = [...ids].sort((a, b) => key(a) - key(b) || (index.get(a) as number) - (index.get(b) as number));
    ordered.forEach((id, r) => row.set(id, r));
  }
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  return nodes.map((n) => {
    const d = depth.get(n.id) as number;
    const r = row.get(n.id) as number;
    const offset = ((tallest - (columns.get(d) as string[]).length) * CELL.height) / 2;
    return { id: n.id, depth: d, row: r, x: d * CELL.width, y: r * CELL.height + offset };
  });
}

/** Height (px) that shows every row at zoom 1, within bounds; taller families are zoomed out (and can be zoomed in). */
export function lineageHeight(placed: readonly Placed[], min = 220, max = 560): number {
  const rows = placed.length ? Math.max(...placed.map((p) => p.y)) / CELL.height + 1 : 1;
  return Math.round(Math.min(max, Math.max(min, rows * CELL.height + 40)));
}

export function buildLineageOption(input: LineageInput, placedIn?: readonly Placed[]): EChartsOption {
  const placed = new Map((placedIn ?? layoutLineage(input.nodes, input.edges)).map((p) => [p.id, p]));
  const incoming = new Map(input.edges.map((e) => [e.to, e.relation]));
  const known = new Set(input.nodes.map((n) => n.id));
  const metric = input.metric ?? null;
  const data = input.nodes.map((n) => {
    const p = placed.get(n.id) as Placed;
    const relation = incoming.get(n.id);
    const color = relation ? (RELATION_COLORS[relation] ?? MUTED) : ROOT_COLOR;
    return {
      id: n.id,
      name: n.label,
      x: p.x,
      y: p.y,
      value: n.value ?? null,
      relation: relation ?? 'base',
      symbolSize: n.current ? SYMBOL_CURRENT : SYMBOL,
      itemStyle: { color, borderColor: n.current ? '#0f172a' : '#fff', borderWidth: n.current ? 3 : 1 },
      // Long run names are cut to the cell width; the tooltip has them in full.
      label: {
        show: true, position: 'bottom' as const, distance: 4, color: TEXT, fontSize: 11, lineHeight: LABEL.lineHeight,
        width: LABEL.width, overflow: 'truncate' as const, ellipsis: '…',
        formatter: metric ? `${n.label}\n${metricName(metric)} ${formatNumber(n.value, 3)}` : n.label,
      },
    };
  });
  const links = input.edges
    .filter((e) => known.has(e.from) && known.has(e.to))
    .map((e) => ({
      source: e.from,
      target: e.to,
      value: e.relation,
      lineStyle: { color: RELATION_COLORS[e.relation] ?? MUTED, width: 2, curveness: 0.08, type: e.relation === 'trained alongside' ? ('dashed' as const) : ('solid' as const) },
    }));
  // ECharts fits the nodes' bounding box into the chart; a single row or column has no
  // height or width. Two invisible corner anchors give the box half a cell of margin.
  const xs = [...placed.values()].map((p) => p.x);
  const ys = [...placed.values()].map((p) => p.y);
  const anchor = (id: string, x: number, y: number) => ({
    id, name: '', x, y, value: null, symbolSize: 0, silent: true, tooltip: { show: false },
    itemStyle: { opacity: 0 }, label: { show: false },
  });
  const anchors = data.length
    ? [
        anchor('__anchor_tl', Math.min(...xs) - CELL.width / 2, Math.min(...ys) - CELL.height / 3),
        anchor('__anchor_br', Math.max(...xs) + CELL.width / 2, Math.max(...ys) + CELL.height),
      ]
    : [];
  const names = new Map(input.nodes.map((n) => [n.id, n.label]));
  return {
    ...baseOption,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (p: any) =>
        p.dataType === 'edge'
          ? `${escape(names.get(p.data.source) ?? '')} → ${escape(names.get(p.data.target) ?? '')}<br/>${escape(tValue('values.relation', String(p.data.value)))}`
          : `${escape(p.name)}<br/>${escape(tValue('values.relation', p.data.relation))}${metric ? `<br/>${escape(metricName(metric))}: ${formatNumber(p.value, 4)}` : ''}`,
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        // Zoom with the wheel, pan by dragging: large families stay readable.
        roam: true,
        scaleLimit: { min: 0.3, max: 4 },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        top: 12, bottom: 12, left: 12, right: 12,
        // Scale x and y alike: otherwise the round nodes stretch into ellipses.
        preserveAspect: true,
        // Labels that would still touch after zooming out are hidden (the tooltip keeps them).
        labelLayout: { hideOverlap: true },
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
        data: [...data, ...anchors],
        links,
      },
    ],
    aria: { enabled: true, label: { description: t('charts.lineageAria', { runs: data.length, count: links.length }) } },
  } as EChartsOption;
}
