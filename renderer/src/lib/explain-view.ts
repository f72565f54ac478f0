/** What the Explain and Diagnostics tabs offer and mark (pure, tested in test/renderer/lib). */
import type { Finding } from '../../../main/diagnose/advisor/types.ts';
import type { ExplainMethod } from '../../../main/explain/request.ts';

export type MethodChoice = { method: ExplainMethod; label: string };

const TABLE: MethodChoice[] = [
  { method: 'shap', label: 'SHAP (exact or KernelSHAP)' },
  { method: 'kernel-shap', label: 'KernelSHAP' },
  { method: 'integrated-gradients', label: 'Integrated Gradients' },
  { method: 'gradient-shap', label: 'GradientSHAP' },
  { method: 'lime', label: 'LIME' },
  { method: 'permutation', label: 'Permutation importance' },
];
const IMAGE: MethodChoice[] = [
  { method: 'integrated-gradients', label: 'Integrated Gradients' },
  { method: 'occlusion', label: 'Occlusion' },
  { method: 'gradient-shap', label: 'GradientSHAP' },
  { method: 'lime', label: 'LIME (segments)' },
];

/** The methods that apply to a model's input: images [H, W, C] or rows of features. */
export const methodsFor = (inputShape: readonly number[]): MethodChoice[] => (inputShape.length === 3 ? IMAGE : TABLE);

/** Loss-chart marks where the advisor sees over- or underfitting (or a bad learning rate) begin. */
export function findingMarks(findings: readonly Pick<Finding, 'code' | 'epoch'>[]): { epoch: number; label: string }[] {
  const marked = new Set(['overfitting', 'underfitting', 'lr_too_high', 'lr_too_low']);
  return findings
    .filter((f) => marked.has(f.code) && f.epoch !== null)
    .map((f) => ({ epoch: f.epoch as number, label: f.code.replace(/_/g, ' ') }));
}

/** Progress as a whole percentage. */
export const percent = (done: number, total: number): number => (total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0);
