/**
 * Occlusion for images (Zeiler & Fergus 2014; Captum's Occlusion): a window
 * slides over the image with a stride, its pixels (all channels) set to a
 * baseline value; the drop f(x) − f(occluded) is credited to every pixel the
 * window covered, and each pixel's attribution is the mean drop over the windows
 * that covered it. Every window position of a row is one batch of predictions.
 * Occlusion is not additive: base is f(all-baseline image) and the gap says how
 * far Σ attributions is from f(x) − base.
 */
import { ApiError } from '../api/errors.ts';
import { predictAll, predictGenerated, startProgress } from './batching.ts';
import { pixelGroups } from './feature-groups.ts';
import { checkImageModel, resolveTargets } from './target.ts';
import type { Explainer, LocalExplanation, ModelFn, RowAttribution } from './types.ts';

export type OcclusionSettings = {
  /** Window [height, width] in pixels; default 2×2 for images up to 16 pixels a side, else 4×4. */
  window?: [number, number];
  /** Step [down, across]; default the window size (windows tile the image). */
  stride?: [number, number];
  /** Value the occluded pixels take (0 = black, the mean row of standardised inputs). */
  baseline?: number;
};

/** Window starts along one axis: every stride, plus the last position so the far edge is covered. */
export function windowStarts(size: number, window: number, stride: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + window <= size; s += stride) starts.push(s);
  if (starts[starts.length - 1] !== size - window) starts.push(size - window);
  return starts;
}

export function createOcclusion(model: ModelFn, settings: OcclusionSettings = {}): Explainer {
  const [H, W, C] = checkImageModel(model, 'occlusion');
  const side = Math.max(H, W) <= 16 ? 2 : 4;
  const [wh, ww] = settings.window ?? [Math.min(side, H), Math.min(side, W)];
  const [sh, sw] = settings.stride ?? [wh, ww];
  const baseline = settings.baseline ?? 0;
  for (const [name, v, max] of [['window height', wh, H], ['window width', ww, W], ['stride down', sh, H], ['stride across', sw, W]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > max) throw new ApiError('invalid_argument', `${name} must be 1..${max}, got ${v}`);
  }
  if (!Number.isFinite(baseline)) throw new ApiError('invalid_argument', `baseline must be a number, got ${baseline}`);
  const ys = windowStarts(H, wh, sh);
  const xs = windowStarts(W, ww, sw);
  const positions = ys.length * xs.length;
  const F = model.features;
  const players = pixelGroups(H, W, C).names;
  return {
    method: 'occlusion',
    async attribute(rows, options = {}): Promise<LocalExplanation> {
      const progress = startProgress(rows.n * (1 + positions) + 1, options);
      const { targets, predictions } = await resolveTargets(model, rows, options.target, progress);
      const baseOut = await predictAll(model, new Float32Array(F).fill(baseline), 1, progress);
      const out: RowAttribution[] = [];
      for (let i = 0; i < rows.n; i++) {
        const row = rows.x.subarray(i * F, (i + 1) * F);
        const drop = new Float64Array(H * W);
        const covered = new Float64Array(H * W);
        const each = (pos: number, visit: (p: number) => void) => {
          const y0 = ys[Math.floor(pos / xs.length)];
          const x0 = xs[pos % xs.length];
          for (let y = y0; y < y0 + wh; y++) for (let x = x0; x < x0 + ww; x++) visit(y * W + x);
        };
        await predictGenerated(
          model,
          positions,
          (buffer, start, count) => {
            for (let t = 0; t < count; t++) {
              const img = buffer.subarray(t * F, (t + 1) * F);
              img.set(row);
              each(start + t, (p) => img.fill(baseline, p * C, (p + 1) * C));
            }
          },
          (outputs, start, count) => {
            for (let t = 0; t < count; t++) {
              const d = predictions[i] - outputs[t * model.outputs + targets[i]];
              each(start + t, (p) => {
                drop[p] += d;
                covered[p]++;
              });
            }
          },
          progress,
        );
        const attributions = Array.from(drop, (d, p) => d / covered[p]);
        const base = baseOut[targets[i]];
        const sum = attributions.reduce((a, b) => a + b, 0);
        out.push({ index: i, target: targets[i], prediction: predictions[i], base, attributions, additivityGap: predictions[i] - base - sum });
      }
      return { method: 'occlusion', players, rows: out, details: { window: [wh, ww], stride: [sh, sw], baseline, positions } };
    },
  };
}
