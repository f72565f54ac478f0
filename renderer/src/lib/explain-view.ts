/** What the Explain and Diagnostics tabs offer and mark (pure, tested in test/renderer/lib). */
import { locale, t, tValue, type MessageKey } from '../i18n/index.ts';
import { findingTitle } from './advisor-text.ts';
import type { Finding } from '../../../main/diagnose/advisor/types.ts';
import { MAX_EXACT_PLAYERS } from '../../../main/limits.ts';
import type { ExplainMethod, ExplainSettings, LocalExplanationResult } from '../../../main/explain/request.ts';
import { SHAP_NOTES, type ShapNoteMethod } from '../../../main/explain/notes.ts';

/** `label`: the method's name in the catalogues (explain.method.*; 'limeImage' for LIME on image segments). */
export type MethodChoice = { method: ExplainMethod; label: MessageKey };

const TABLE: MethodChoice[] = [
  { method: 'shap', label: 'explain.method.shap' },
  { method: 'kernel-shap', label: 'explain.method.kernel-shap' },
  { method: 'integrated-gradients', label: 'explain.method.integrated-gradients' },
  { method: 'gradient-shap', label: 'explain.method.gradient-shap' },
  { method: 'lime', label: 'explain.method.lime' },
  { method: 'permutation', label: 'explain.method.permutation' },
];
const IMAGE: MethodChoice[] = [
  { method: 'integrated-gradients', label: 'explain.method.integrated-gradients' },
  { method: 'occlusion', label: 'explain.method.occlusion' },
  { method: 'gradient-shap', label: 'explain.method.gradient-shap' },
  { method: 'lime', label: 'explain.method.limeImage' },
];

/** Token ids allow one method: integrated gradients on the embeddings (main/explain/settings.ts refuses the others). */
const TEXT: MethodChoice[] = [{ method: 'integrated-gradients', label: 'explain.method.integrated-gradients' }];

/** A method as a result or a stored explanation names it ('exact-shapley', 'lime-image', …), in the UI's language. */
export const methodLabel = (method: string): string => tValue('explain.method', method === 'lime-image' ? 'limeImage' : method);

/** What 'shap' ran: the engine's note in English, else said from the method it resolved to and the number of features. */
export function explainNote(settings: Pick<ExplainSettings, 'requested'>, result: Pick<LocalExplanationResult, 'method' | 'note' | 'features'>): string | null {
  if (!result.note || locale() === 'en' || settings.requested !== 'shap' || !(result.method in SHAP_NOTES)) return result.note;
  return t(`explain.note.${result.method as ShapNoteMethod}`, { players: result.features.length, limit: MAX_EXACT_PLAYERS });
}

/** The methods that apply to a model's input: images [H, W, C], a text run's token ids, or rows of features. */
export const methodsFor = (inputShape: readonly number[], sequence?: 'text'): MethodChoice[] => (sequence === 'text' ? TEXT : inputShape.length === 3 ? IMAGE : TABLE);

/** Loss-chart marks where the advisor sees over- or underfitting (or a bad learning rate) begin. */
export function findingMarks(findings: readonly Pick<Finding, 'code' | 'epoch'>[]): { epoch: number; label: string }[] {
  const marked = new Set(['overfitting', 'underfitting', 'lr_too_high', 'lr_too_low']);
  return findings
    .filter((f) => marked.has(f.code) && f.epoch !== null)
    .map((f) => ({ epoch: f.epoch as number, label: findingTitle(f.code) }));
}

/** Progress as a whole percentage. */
export const percent = (done: number, total: number): number => (total > 0 ? Math.min(100, Math.floor((100 * done) / total)) : 0);
