/**
 * The value of coalitions (or of any interpretable samples a masker maps to
 * inputs), v(z) = Σ_e w_e · f_target(input e of z): every sample × expansion
 * row of one explained row goes through the model in a few large calls.
 */
import { predictGenerated, type Progress } from './batching.ts';
import type { Masker } from './maskers.ts';
import type { ModelFn } from './types.ts';

/** `masks` holds `count` samples of masker.players values (zeros and ones for coalitions), row-major. */
export async function coalitionValues(
  model: ModelFn,
  masker: Masker,
  row: Float32Array,
  target: number,
  masks: Uint8Array | Float64Array,
  count: number,
  progress?: Progress,
): Promise<Float64Array> {
  const M = masker.players;
  const E = masker.expansions;
  const F = model.features;
  const values = new Float64Array(count);
  await predictGenerated(
    model,
    count * E,
    (buffer, start, n) => {
      let s = -1;
      let mask = masks.subarray(0, M);
      for (let t = 0; t < n; t++) {
        const k = Math.floor((start + t) / E);
        if (k !== s) mask = masks.subarray((s = k) * M, (k + 1) * M);
        masker.fill(row, mask, (start + t) % E, buffer, t * F);
      }
    },
    (outputs, start, n) => {
      for (let t = 0; t < n; t++) {
        const s = Math.floor((start + t) / E);
        values[s] += masker.weights[(start + t) % E] * outputs[t * model.outputs + target];
      }
    },
    progress,
  );
  return values;
}
