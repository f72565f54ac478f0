/**
 * Largest-Triangle-Three-Buckets downsampling: keeps the visual shape of a long
 * curve (peaks, dips) with a fixed number of points, so a 10,000-epoch run draws
 * as fast as a 20-epoch one.
 */
export type XY = [number, number];

export function downsample(data: readonly XY[], maxPoints: number): XY[] {
  if (maxPoints >= data.length || maxPoints < 3) return data.slice();
  const out: XY[] = [data[0]];
  const bucket = (data.length - 2) / (maxPoints - 2);
  let a = 0;
  for (let i = 0; i < maxPoints - 2; i++) {
    const start = Math.floor(i * bucket) + 1;
    const end = Math.floor((i + 1) * bucket) + 1;
    // Average of the next bucket is the third triangle corner.
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((i + 2) * bucket) + 1, data.length);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += data[j][0];
      avgY += data[j][1];
    }
    const n = Math.max(nextEnd - nextStart, 1);
    avgX /= n;
    avgY /= n;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const area = Math.abs((data[a][0] - avgX) * (data[j][1] - data[a][1]) - (data[a][0] - data[j][0]) * (avgY - data[a][1]));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.push(data[best]);
    a = best;
  }
  out.push(data[data.length - 1]);
  return out;
}
