/**
 * Metric names for people. The engine's names ('val_accuracy', 'r2') stay as they are in English
 * (they are also what studies and early stopping are configured with); other languages name them
 * in words, with the split as a prefix ('验证 准确率'). Unknown metrics keep their own name.
 */
import { hasMessage, t, type MessageKey } from '../i18n/index.ts';

const SPLITS = ['val', 'test', 'train'] as const;

export function metricName(name: string): string {
  for (const split of SPLITS) {
    if (name.startsWith(`${split}_`)) {
      const base = name.slice(split.length + 1);
      return t(`metrics.split.${split}`, { metric: baseName(base) });
    }
  }
  return baseName(name);
}

function baseName(name: string): string {
  const key = `metrics.name.${name}`;
  return hasMessage(key) ? t(key as MessageKey) : name;
}

/** A metric on one split, as tables and chart titles show it: 'val accuracy' (English), '验证集 准确率'. */
export function splitMetricName(split: string, metric: string): string {
  const key = `metrics.splitName.${split}`;
  return t('metrics.onSplit', { split: hasMessage(key) ? t(key as MessageKey) : split, metric: baseName(metric) });
}
