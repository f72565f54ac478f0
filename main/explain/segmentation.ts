/**
 * Image segments for LIME (pure, deterministic): SLIC superpixels (Achanta et
 * al. 2012) for images up to MAX_SLIC_PIXELS, a regular grid beyond that or
 * when asked. Images are row-major [H, W, C], as tfjs lays them out.
 */
import { ApiError } from '../api/errors.ts';

export type Segmentation = {
  /** Segment of each pixel (H·W), 0..count−1, numbered in scan order. */
  labels: Int32Array;
  count: number;
};

/** SLIC's cost is iterations × 4·H·W distance evaluations; above this a grid is as informative and instant. */
export const MAX_SLIC_PIXELS = 256 * 256;

export type SegmentOptions = { method?: 'auto' | 'slic' | 'grid'; segments?: number; compactness?: number; iterations?: number };

export function segmentImage(image: ArrayLike<number>, shape: readonly number[], options: SegmentOptions = {}): Segmentation {
  const [H, W, C] = shape;
  if (shape.length !== 3 || image.length !== H * W * C) {
    throw new ApiError('invalid_argument', `segmentation needs an image of shape [H, W, C] (${H * W * C} values), got shape [${shape.join(', ')}] and ${image.length} values`);
  }
  const segments = options.segments ?? Math.max(4, Math.min(64, Math.round((H * W) / 16)));
  if (!Number.isInteger(segments) || segments < 1 || segments > H * W) throw new ApiError('invalid_argument', `segments must be 1..${H * W}, got ${segments}`);
  const method = options.method ?? 'auto';
  if (method === 'grid' || (method === 'auto' && H * W > MAX_SLIC_PIXELS)) return gridSegments(H, W, segments);
  return slicSegments(image, H, W, C, segments, options.compactness ?? 0.2, options.iterations ?? 10);
}

/** About `segments` rectangles of equal size. */
export function gridSegments(H: number, W: number, segments: number): Segmentation {
  const ny = Math.max(1, Math.min(H, Math.round(Math.sqrt((segments * H) / W))));
  const nx = Math.max(1, Math.min(W, Math.round(segments / ny)));
  const labels = new Int32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) labels[y * W + x] = Math.floor((y * ny) / H) * nx + Math.floor((x * nx) / W);
  return relabel(labels);
}

/**
 * SLIC: k-means on (colour, position) with centres seeded on a grid and each
 * centre searching a 2S × 2S window (S = grid step). Distance² = colour² +
 * (space/S)²·m², colours divided by the image's value range so the compactness
 * m means the same for [0, 1] and [0, 255] images. Small disconnected pieces are
 * then merged into a neighbour, so every segment is one connected region.
 */
function slicSegments(image: ArrayLike<number>, H: number, W: number, C: number, segments: number, m: number, iterations: number): Segmentation {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < image.length; i++) {
    lo = Math.min(lo, image[i]);
    hi = Math.max(hi, image[i]);
  }
  const range = hi > lo ? hi - lo : 1;
  const S = Math.sqrt((H * W) / segments);
  const ny = Math.max(1, Math.round(H / S));
  const nx = Math.max(1, Math.round(W / S));
  const K = ny * nx;
  const D = C + 2; // colour channels, then y, x
  const centres = new Float64Array(K * D);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      const k = i * nx + j;
      const y = ((i + 0.5) * H) / ny;
      const x = ((j + 0.5) * W) / nx;
      const p = Math.min(H - 1, Math.floor(y)) * W + Math.min(W - 1, Math.floor(x));
      for (let c = 0; c < C; c++) centres[k * D + c] = image[p * C + c] / range;
      centres[k * D + C] = y;
      centres[k * D + C + 1] = x;
    }
  }
  const labels = new Int32Array(H * W);
  const best = new Float64Array(H * W);
  const spatial = (m * m) / (S * S);
  for (let it = 0; it < iterations; it++) {
    best.fill(Infinity);
    for (let k = 0; k < K; k++) {
      const cy = centres[k * D + C];
      const cx = centres[k * D + C + 1];
      for (let y = Math.max(0, Math.floor(cy - S)); y <= Math.min(H - 1, Math.ceil(cy + S)); y++) {
        for (let x = Math.max(0, Math.floor(cx - S)); x <= Math.min(W - 1, Math.ceil(cx + S)); x++) {
          const p = y * W + x;
          let d = spatial * ((y + 0.5 - cy) ** 2 + (x + 0.5 - cx) ** 2);
          for (let c = 0; c < C; c++) d += (image[p * C + c] / range - centres[k * D + c]) ** 2;
          if (d < best[p]) {
            best[p] = d;
            labels[p] = k;
          }
        }
      }
    }
    const sums = new Float64Array(K * D);
    const counts = new Float64Array(K);
    for (let p = 0; p < H * W; p++) {
      const k = labels[p];
      counts[k]++;
      for (let c = 0; c < C; c++) sums[k * D + c] += image[p * C + c] / range;
      sums[k * D + C] += Math.floor(p / W) + 0.5;
      sums[k * D + C + 1] += (p % W) + 0.5;
    }
    for (let k = 0; k < K; k++) if (counts[k] > 0) for (let d = 0; d < D; d++) centres[k * D + d] = sums[k * D + d] / counts[k];
  }
  return mergeSmallPieces(labels, H, W, Math.max(1, Math.floor((H * W) / K / 4)));
}

/** Connected pieces (4-neighbours) smaller than minSize join the piece met just before them in scan order. */
function mergeSmallPieces(labels: Int32Array, H: number, W: number, minSize: number): Segmentation {
  const piece = new Int32Array(H * W).fill(-1);
  const out = new Int32Array(H * W);
  const stack: number[] = [];
  let pieces = 0;
  for (let start = 0; start < H * W; start++) {
    if (piece[start] >= 0) continue;
    const members: number[] = [];
    piece[start] = pieces;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop() as number;
      members.push(p);
      const y = Math.floor(p / W);
      const x = p % W;
      for (const q of [y > 0 ? p - W : -1, y < H - 1 ? p + W : -1, x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1]) {
        if (q >= 0 && piece[q] < 0 && labels[q] === labels[start]) {
          piece[q] = pieces;
          stack.push(q);
        }
      }
    }
    // The pixel before `start` in scan order (left, else above) belongs to an earlier, already final piece.
    const before = start % W > 0 ? start - 1 : start - W;
    const target = members.length < minSize && before >= 0 ? out[before] : pieces;
    for (const p of members) out[p] = target;
    pieces++;
  }
  return relabel(out);
}

/** Renumbers labels 0..count−1 in order of first appearance. */
function relabel(labels: Int32Array): Segmentation {
  const map = new Map<number, number>();
  const out = new Int32Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    let v = map.get(labels[p]);
    if (v === undefined) map.set(labels[p], (v = map.size));
    out[p] = v;
  }
  return { labels: out, count: map.size };
}
