/**
 * LIME for images on the surrogate machinery: the players are the image's
 * segments (segmentation.ts), a coalition keeps some segments and replaces the
 * others by a baseline, the kernel weighs coalitions by cosine distance to the
 * full image (LIME's lime_image), and the linear surrogate's coefficient of a
 * segment is its attribution, spread evenly over its pixels so a saliency map
 * can be drawn and base + Σ attributions is the surrogate's value at the image.
 */
import { ApiError } from '../api/errors.ts';
import { uniformCoalitions, type Coalitions } from './coalition-sampler.ts';
import { pixelGroups, type FeatureGroups } from './feature-groups.ts';
import { checkImageModel } from './target.ts';
import { cosineDistance, exponentialKernel } from './kernels.ts';
import { MAX_SAMPLES } from '../limits.ts';
import { forwardSelect, weightedGram } from './linear-fit.ts';
import { baselineMasker, type Masker } from './maskers.ts';
import { segmentImage, type SegmentOptions, type Segmentation } from './segmentation.ts';
import { createSurrogateExplainer, type SurrogateOptions } from './surrogate-explainer.ts';
import type { Explainer, ModelFn } from './types.ts';

export type ImageBaseline = 'mean' | number;

export type LimeImageSettings = {
  segmentation?: SegmentOptions;
  /** What a removed segment shows: its mean colour (LIME's default) or a constant value (e.g. 0 for black). */
  baseline?: ImageBaseline;
  /** Coalitions per image (lime_image's default 1000). */
  samples?: number;
  /** Kernel width on the cosine distance (lime_image's 0.25). */
  kernelWidth?: number;
  /** Segments in the surrogate; default all of them (lime_image's default). */
  maxFeatures?: number;
};

/** Input columns (pixel × channels) of each segment. */
export function segmentGroups(seg: Segmentation, channels: number): FeatureGroups {
  const columns: number[][] = Array.from({ length: seg.count }, () => []);
  seg.labels.forEach((s, p) => {
    for (let c = 0; c < channels; c++) columns[s].push(p * channels + c);
  });
  return { names: columns.map((_, s) => `segment ${s}`), columns };
}

function baselineRow(row: Float32Array, groups: FeatureGroups, channels: number, baseline: ImageBaseline): Float32Array {
  if (baseline !== 'mean') return new Float32Array(row.length).fill(baseline);
  const out = new Float32Array(row.length);
  for (const cols of groups.columns) {
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let k = c; k < cols.length; k += channels) sum += row[cols[k]];
      const mean = sum / (cols.length / channels);
      for (let k = c; k < cols.length; k += channels) out[cols[k]] = mean;
    }
  }
  return out;
}

type SegmentSamples = Coalitions & { masker: Masker; segmentation: Segmentation };

export function createLimeImage(model: ModelFn, settings: LimeImageSettings = {}): Explainer<SurrogateOptions> {
  const [H, W, C] = checkImageModel(model, 'LIME for images');
  const samples = settings.samples ?? 1000;
  const width = settings.kernelWidth ?? 0.25;
  const baseline = settings.baseline ?? 'mean';
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_SAMPLES) throw new ApiError('invalid_argument', `LIME samples must be 2..${MAX_SAMPLES}, got ${samples}`);
  if (!(width > 0)) throw new ApiError('invalid_argument', `kernel width must be positive, got ${width}`);
  if (baseline !== 'mean' && !Number.isFinite(baseline)) throw new ApiError('invalid_argument', `baseline must be 'mean' or a number, got ${baseline}`);
  return createSurrogateExplainer<SegmentSamples>(model, {
    method: 'lime-image',
    players: pixelGroups(H, W, C).names,
    expansions: 1,
    maxSamples: samples,
    sample(row, rng) {
      const segmentation = segmentImage(row, [H, W, C], settings.segmentation);
      const groups = segmentGroups(segmentation, C);
      const masker = baselineMasker(baselineRow(row, groups, C, baseline), groups);
      return { ...uniformCoalitions(segmentation.count, samples, rng), masker, segmentation };
    },
    kernel(sampled) {
      const full = new Uint8Array(sampled.players).fill(1);
      return Float64Array.from({ length: sampled.count }, (_, s) =>
        exponentialKernel(cosineDistance(sampled.z.subarray(s * sampled.players, (s + 1) * sampled.players), full), width),
      );
    },
    surrogate(input) {
      const M = input.players;
      const fit = forwardSelect(weightedGram(input.z, input.values, input.weights, input.count, M, true), settings.maxFeatures ?? M);
      const { labels } = input.segmentation;
      const sizes = new Int32Array(M);
      for (const s of labels) sizes[s]++;
      const attributions = Float64Array.from(labels, (s) => fit.coef[s] / sizes[s]);
      return { base: fit.intercept, attributions, fidelity: fit.r2, segments: labels };
    },
    details: () => ({ samples, kernelWidth: width, baseline: String(baseline) }),
  });
}
