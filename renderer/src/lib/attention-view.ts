/**
 * What the attention card offers and draws (pure, tested in test/renderer/lib):
 * the layer and head choices of one row's maps, the map chosen (one head, or
 * the heads averaged), and the tokens as axis labels.
 */
import type { AttentionLayerMaps } from '../../../main/explain/sequence/attention-request.ts';
import { meanOfHeads } from '../../../main/explain/sequence/attention-summary.ts';
import { t } from '../i18n/index.ts';
import { tokenText } from './token-view.ts';

/** 'mean', or a head's index as a string (a <select>'s value). */
export type HeadChoice = { value: string; label: string };

export const MEAN_OF_HEADS = 'mean';

export function headChoices(layer: Pick<AttentionLayerMaps, 'heads'> | undefined): HeadChoice[] {
  if (!layer) return [];
  const heads = layer.heads.map((_, i) => ({ value: String(i), label: t('explain.attention.headN', { n: i + 1 }) }));
  return heads.length > 1 ? [{ value: MEAN_OF_HEADS, label: t('explain.attention.mean') }, ...heads] : heads;
}

/** The map to draw: a head's, or the mean of the layer's heads; an unknown choice falls back to the first choice. */
export function chosenMap(layer: Pick<AttentionLayerMaps, 'heads'> | undefined, head: string): number[][] {
  if (!layer || layer.heads.length === 0) return [];
  if (head === MEAN_OF_HEADS && layer.heads.length > 1) return meanOfHeads(layer.heads);
  const index = Number(head);
  return layer.heads[Number.isInteger(index) && index >= 0 && index < layer.heads.length ? index : 0].map((q) => [...q]);
}

/** The label of the head drawn, for the chart's title and aria-label. */
export function headLabel(layer: Pick<AttentionLayerMaps, 'heads'> | undefined, head: string): string {
  return headChoices(layer).find((c) => c.value === head)?.label ?? headChoices(layer)[0]?.label ?? '';
}

/** Tokens as axis labels: a byte-pair token without its end-of-word marker. */
export const attentionLabels = (tokens: readonly string[]): string[] => tokens.map((tok) => tokenText(tok).text || '␣');
