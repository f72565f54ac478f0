/**
 * Index maps for slicing weights. Pure.
 *
 * A feature axis is described as `repeat` blocks of a channel group's
 * `channels`: after flatten of [H, W, C] (tfjs is channels-last and row-major)
 * feature h*W*C + w*C + c belongs to channel c, i.e. index = position*C + c
 * with H*W positions. Without flatten, repeat = 1 and index = c.
 */

/** The surviving feature indices, ascending, when only `kept` channels of each block survive. */
export function expandKept(kept: number[], channels: number, repeat: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < repeat; p++) {
    for (const c of kept) out.push(p * channels + c);
  }
  return out;
}

/** The surviving indices when each kept unit owns `width` consecutive indices (head h: h*keyDim .. h*keyDim+keyDim-1). */
export function expandBlocks(kept: number[], width: number): number[] {
  return kept.flatMap((unit) => Array.from({ length: width }, (_, j) => unit * width + j));
}

/** The complement of `kept` in 0..total-1, ascending: the channels that go. */
export function removedIndices(kept: number[], total: number): number[] {
  const keep = new Set(kept);
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (!keep.has(i)) out.push(i);
  return out;
}
