/** Image segments for LIME: SLIC follows colour edges, segments are connected, the grid tiles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { gridSegments, segmentImage, type Segmentation } from '../../../main/explain/segmentation.ts';
import { createRng } from '../../../main/util/rng.ts';

/** Whether every segment is one 4-connected region. */
function connected(seg: Segmentation, H: number, W: number): boolean {
  const seen = new Uint8Array(H * W);
  let regions = 0;
  for (let start = 0; start < H * W; start++) {
    if (seen[start]) continue;
    regions++;
    const stack = [start];
    seen[start] = 1;
    while (stack.length) {
      const p = stack.pop() as number;
      const y = Math.floor(p / W), x = p % W;
      for (const q of [y > 0 ? p - W : -1, y < H - 1 ? p + W : -1, x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1]) {
        if (q >= 0 && !seen[q] && seg.labels[q] === seg.labels[p]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return regions === seg.count;
}

test('SLIC on four flat quadrants: every segment stays inside one quadrant', () => {
  const H = 16, W = 16;
  const img = Float32Array.from({ length: H * W }, (_, p) => (Math.floor(p / W) < 8 ? 0 : 0.5) + (p % W < 8 ? 0 : 0.25));
  const seg = segmentImage(img, [H, W, 1], { method: 'slic', segments: 16 });
  for (let s = 0; s < seg.count; s++) {
    const colours = new Set<number>();
    seg.labels.forEach((l, p) => l === s && colours.add(img[p]));
    assert.equal(colours.size, 1, `segment ${s} spans ${colours.size} quadrants`);
  }
  assert.ok(seg.count >= 4 && seg.count <= 24, `${seg.count}`);
  assert.ok(connected(seg, H, W));
});

test('SLIC on noise: connected segments, numbered in scan order, the same every time', () => {
  const rng = createRng(1);
  const img = Float32Array.from({ length: 28 * 28 * 3 }, () => rng.next());
  const a = segmentImage(img, [28, 28, 3], { segments: 30 });
  assert.deepEqual(a, segmentImage(img, [28, 28, 3], { segments: 30 }));
  assert.ok(connected(a, 28, 28));
  assert.equal(Math.max(...a.labels) + 1, a.count);
  let next = 0;
  for (const l of a.labels) if (l === next) next++; else assert.ok(l < next);
});

test('a grid tiles the image in equal cells', () => {
  const seg = gridSegments(8, 8, 4);
  assert.equal(seg.count, 4);
  const sizes = new Array(4).fill(0);
  seg.labels.forEach((l) => sizes[l]++);
  assert.deepEqual(sizes, [16, 16, 16, 16]);
  assert.equal(seg.labels[0], seg.labels[3 * 8 + 3]);
  assert.notEqual(seg.labels[0], seg.labels[4]);
});

test('a shape that is not [H, W, C] is a clear error', () => {
  assert.throws(() => segmentImage(new Float32Array(10), [10], {}), (e: ApiError) => e.code === 'invalid_argument' && /\[H, W, C\]/.test(e.message));
});
