/**
 * Exact order statistics at a few ranks, without sorting (pure): bucket
 * selection. One pass counts the values into fine equal-width buckets between
 * their min and max; the prefix sums say which bucket holds each wanted rank;
 * a second pass copies out only those buckets' values, which are then sorted
 * (a few dozen values each) or, when values crowd into one bucket (a long
 * tail stretches the range), selected the same way on that bucket's own,
 * narrower, range. Two linear passes where a multi-quickselect for the 14
 * ranks of the summary quantiles made about six, with no writes to the input.
 *
 * The bucket of a value is a monotone function of it (subtraction,
 * multiplication, truncation), so every value of one bucket is ≤ every value
 * of the next: the k-th smallest overall is the (k − start)-th of its bucket,
 * exactly as a full sort would place it.
 */

/** Buckets per pass: enough that a rank's bucket holds a handful of values for up to ~16k values. */
const MAX_BUCKETS = 4096;
/** At or below this many values a native sort is cheaper than another pass. */
const SORT_BELOW = 64;
/** Passes before the rest is sorted outright (only values packed below float resolution get that far). */
const MAX_DEPTH = 4;

type Wanted = { rank: number; index: number };

/** The value each rank (0-based, < values.length) would hold in ascending order, in the order the ranks are given. Values must be finite. */
export function orderStatistics(values: Float64Array, ranks: readonly number[]): number[] {
  const out = new Array<number>(ranks.length).fill(Number.NaN);
  const wanted = ranks.map((rank, index) => ({ rank, index })).filter((w) => w.rank >= 0 && w.rank < values.length);
  if (wanted.length) select(values, wanted.sort((a, b) => a.rank - b.rank), out, 0);
  return out;
}

function select(a: Float64Array, wanted: Wanted[], out: number[], depth: number): void {
  const n = a.length;
  if (n <= SORT_BELOW || depth >= MAX_DEPTH) {
    const sorted = a.slice().sort();
    for (const w of wanted) out[w.index] = sorted[w.rank];
    return;
  }
  let min = a[0];
  let max = a[0];
  let atMin = 1;
  for (let i = 1; i < n; i++) {
    const v = a[i];
    if (v < min) {
      min = v;
      atMin = 1;
    } else if (v === min) atMin++;
    else if (v > max) max = v;
  }
  // Ranks inside a run of values equal to the minimum (a ReLU layer's zeros) are that minimum: no bucket would split them.
  if (wanted[0].rank < atMin) {
    for (const w of wanted) if (w.rank < atMin) out[w.index] = min;
    wanted = wanted.filter((w) => w.rank >= atMin);
    if (!wanted.length) return;
  }
  const scale = Math.min(MAX_BUCKETS, n >> 2) / (max - min);
  // A span past the float range (max − min = Infinity, scale 0): sort.
  if (!(scale > 0 && scale < Infinity)) return select(a, wanted, out, MAX_DEPTH);
  const buckets = Math.min(MAX_BUCKETS, n >> 2);
  const last = buckets - 1;
  const counts = new Int32Array(buckets);
  for (let i = 0; i < n; i++) {
    const b = ((a[i] - min) * scale) | 0;
    counts[b < last ? b : last]++;
  }
  // Which bucket holds each wanted rank, and where that bucket starts in sorted order.
  const slotOf = new Int16Array(buckets).fill(-1);
  const groups: { bucket: number; wanted: Wanted[] }[] = [];
  let bucket = 0;
  let start = 0;
  for (const w of wanted) {
    while (start + counts[bucket] <= w.rank) start += counts[bucket++];
    if (slotOf[bucket] < 0) slotOf[bucket] = groups.push({ bucket, wanted: [] }) - 1;
    groups[slotOf[bucket]].wanted.push({ rank: w.rank - start, index: w.index });
  }
  const parts = groups.map((g) => new Float64Array(counts[g.bucket]));
  const filled = new Int32Array(groups.length);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    const b = ((v - min) * scale) | 0;
    const s = slotOf[b < last ? b : last];
    if (s >= 0) parts[s][filled[s]++] = v;
  }
  groups.forEach((g, s) => select(parts[s], g.wanted, out, depth + 1));
}
