/**
 * On-the-fly augmentation of one training batch. Each sample gets its own random
 * draws, in a fixed order, from the seeded rng the trainer passes in, so an epoch
 * replays exactly from the run seed. Only enabled transforms draw numbers.
 * Tabular inputs (any shape other than [H, W, C]) only get noise.
 */
import { ApiError } from '../../api/errors.ts';
import type { Augmentation } from '../../api/schemas.ts';
import type { Rng } from '../../util/rng.ts';
import { rotateScale } from './affine.ts';
import { adjustColor } from './color.ts';
import { padCrop } from './crop.ts';
import { eraseRect, randomRect } from './erasing.ts';
import { flipHorizontal, flipVertical, type ImageDims } from './flip.ts';
import { addGaussianNoise } from './noise.ts';

export function augmentBatch(batch: Float32Array, inputShape: number[], aug: Augmentation, rng: Rng): Float32Array {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(batch.length);
  if (size === 0 || batch.length % size !== 0) {
    throw new ApiError('invalid_argument', `batch of ${batch.length} values is not a whole number of [${inputShape.join(', ')}] samples`);
  }
  const dims: ImageDims | null = inputShape.length === 3 ? { h: inputShape[0], w: inputShape[1], c: inputShape[2] } : null;
  for (let start = 0; start < batch.length; start += size) {
    let sample: Float32Array = batch.slice(start, start + size);
    if (dims) sample = augmentImage(sample, dims, aug, rng);
    if (aug.noiseStd > 0) sample = addGaussianNoise(sample, aug.noiseStd, rng);
    if (dims && aug.erasingProbability > 0 && rng.next() < aug.erasingProbability) {
      sample = eraseRect(sample, dims, randomRect(dims, rng));
    }
    out.set(sample, start);
  }
  return out;
}

/** Geometry first (flip, rotate/zoom, crop), then colour; noise and erasing follow in augmentBatch. */
function augmentImage(img: Float32Array, dims: ImageDims, aug: Augmentation, rng: Rng): Float32Array {
  let s = img;
  if (aug.flipHorizontal && rng.next() < 0.5) s = flipHorizontal(s, dims);
  if (aug.flipVertical && rng.next() < 0.5) s = flipVertical(s, dims);
  if (aug.rotateDegrees > 0 || aug.scale > 0) {
    const angle = aug.rotateDegrees > 0 ? ((rng.next() * 2 - 1) * aug.rotateDegrees * Math.PI) / 180 : 0;
    const zoom = aug.scale > 0 ? 1 + (rng.next() * 2 - 1) * aug.scale : 1;
    s = rotateScale(s, dims, angle, zoom);
  }
  if (aug.cropPadding > 0) {
    const span = 2 * aug.cropPadding + 1;
    s = padCrop(s, dims, aug.cropPadding, rng.int(span), rng.int(span));
  }
  if (aug.brightness > 0 || aug.contrast > 0) {
    const shift = aug.brightness > 0 ? (rng.next() * 2 - 1) * aug.brightness : 0;
    const factor = aug.contrast > 0 ? 1 + (rng.next() * 2 - 1) * aug.contrast : 1;
    s = adjustColor(s, dims, shift, factor);
  }
  return s;
}
