/**
 * Id remapping for imports: an id that already exists in the target data
 * folder gets a fresh one, and every reference to it is rewritten. Ids are
 * random and prefixed (run_…, st_…), so replacing every string equal to an
 * old id, wherever it sits in the records (a run's datasetId, a trial's runId,
 * a step's runId, an experiment's config), rewrites exactly the references.
 */

/** A deep copy of a JSON value with every string that is a key of `ids` replaced by its value. */
export function rewriteIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (ids.size === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v) ?? v;
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** Parents before children, so a run's lineage parent is stored before the run (runs.parent_run_id references runs). */
export function parentsFirst<T>(items: T[], id: (item: T) => string, parent: (item: T) => string | null): T[] {
  const byId = new Map(items.map((item) => [id(item), item]));
  const done = new Set<string>();
  const out: T[] = [];
  // Marked before its parent is visited, so a crafted cycle ends instead of looping.
  const visit = (item: T) => {
    const key = id(item);
    if (done.has(key)) return;
    done.add(key);
    const p = parent(item);
    if (p !== null && byId.has(p)) visit(byId.get(p)!);
    out.push(item);
  };
  for (const item of items) visit(item);
  return out;
}
