/**
 * A text run's explanation job (integrated-gradients, the one method token ids
 * allow): token attributions per explained row (token-attributions.ts), with
 * each position's token decoded from the run's own vocabulary, so the result
 * reads as highlighted text. Regression outputs are mapped to the target's units.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DatasetMeta, PreprocessRecipe } from '../../api/schemas.ts';
import type { ExplainData } from '../job-data.ts';
import type { ExplainSettings, LocalExplanationResult } from '../request.ts';
import type { RunControl } from '../types.ts';
import { tokenAttributions } from './token-attributions.ts';
import { decodeTokens } from './token-text.ts';

export async function explainTokens(model: tf.LayersModel, settings: ExplainSettings, data: ExplainData, meta: DatasetMeta, recipe: PreprocessRecipe, control: RunControl): Promise<LocalExplanationResult> {
  const vocab = recipe.text?.tokenizer.vocab ?? [];
  const length = meta.inputShape[0];
  const scale = recipe.target?.scale ?? 1;
  const center = recipe.target?.center ?? 0;
  const rows: LocalExplanationResult['rows'] = [];
  let worstGap = 0;
  for (let i = 0; i < data.rows.n; i++) {
    if (control.signal?.aborted) throw new Error('cancelled');
    const ids = data.rows.x.subarray(i * length, (i + 1) * length);
    const r = tokenAttributions(model, ids, settings.target, { steps: settings.options.steps });
    worstGap = Math.max(worstGap, r.relativeGap);
    rows.push({
      index: settings.first + i,
      target: r.target,
      prediction: r.prediction * scale + center,
      base: r.baseline * scale + center,
      attributions: r.attributions.map((a) => a * scale),
      additivityGap: r.relativeGap,
      label: data.labels[i],
      values: Array.from(ids),
      tokens: decodeTokens(ids, vocab),
    });
    control.onProgress?.(i + 1, data.rows.n);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    kind: 'local',
    method: 'integrated-gradients',
    note: 'text: integrated gradients on the token embeddings (baseline: all padding), one attribution per token position',
    features: Array.from({ length }, (_, t) => `token ${t + 1}`),
    inputShape: meta.inputShape,
    task: meta.task,
    classes: meta.classes,
    rows,
    details: { steps: settings.options.steps ?? 32, worstRelativeGap: worstGap },
  };
}
