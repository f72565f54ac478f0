/**
 * The advisor's findings in the UI's language. A finding is code-based (main/diagnose/advisor):
 * its title, remedy and severity are translated by code; its one-click change by what it patches
 * in the run config; its evidence by its template key, with the numbers formatted for the locale
 * in the style the parameter's name asks for (main/diagnose/advisor/evidence.ts). English shows
 * the engine's own sentences.
 */
import { PARAM_STYLE, type EvidenceParams } from '../../../main/diagnose/advisor/evidence.ts';
import type { Finding, FindingCode, Severity, SuggestedChange } from '../../../main/diagnose/advisor/types.ts';
import type { RunConfig } from '../../../main/api/schemas.ts';
import { locale, t } from '../i18n/index.ts';
import { formatInteger, formatNumber, formatPercent } from './format.ts';
import { layerLabel } from './layers.ts';

export const findingTitle = (code: FindingCode): string => t(`advisor.title.${code}`);
export const severityLabel = (severity: Severity): string => t(`advisor.severity.${severity}`);

export function findingRemedy(f: Pick<Finding, 'code' | 'remedy'>): string {
  return locale() === 'en' ? f.remedy : t(`advisor.remedy.${f.code}`);
}

/** The evidence with its numbers: the engine's sentence in English, else the catalogue's by the evidence's key. */
export function findingEvidence(f: Pick<Finding, 'evidence' | 'reason'>): string {
  return locale() === 'en' ? f.evidence : t(`advisor.evidence.${f.reason.key}`, evidenceVars(f.reason.params));
}

function evidenceVars(params: EvidenceParams): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, v] of Object.entries(params)) {
    const style = PARAM_STYLE[name];
    // NaN and Infinity (a diverged loss) read the same in every language.
    if (typeof v === 'string' || !Number.isFinite(v)) vars[name] = String(v);
    else if (style === 'scientific') vars[name] = formatNumber(v, 2);
    else if (style === 'loss') vars[name] = formatNumber(v, 3);
    else if (style === 'percent') vars[name] = formatPercent(v, 0);
    else vars[name] = formatInteger(v);
  }
  return vars;
}

/** The change's summary: the engine's words in English, else said from its patches (the engine's words when a patch is unknown). */
export function changeSummary(change: SuggestedChange, config: Pick<RunConfig, 'spec' | 'hyperparams'>): string {
  if (locale() === 'en') return change.summary;
  const parts = change.patches.map((p) => patchText(p.path, p.value, config));
  return parts.every((p) => p !== null) ? parts.join(t('common.listSeparator')) : change.summary;
}

function patchText(path: string, value: unknown, config: Pick<RunConfig, 'spec' | 'hyperparams'>): string | null {
  if (path === 'hyperparams.optimizer.learningRate' && typeof value === 'number') {
    return t('advisor.change.learningRate', { from: formatNumber(config.hyperparams.optimizer.learningRate), to: formatNumber(value) });
  }
  if (path === 'hyperparams.gradientClip') return t('advisor.change.clip', { norm: formatNumber((value as { maxNorm?: number }).maxNorm ?? 1) });
  if (path === 'hyperparams.earlyStopping') return t('advisor.change.earlyStopping', { patience: (value as { patience?: number }).patience ?? 5 });
  if (path === 'hyperparams.preprocess') return t('advisor.change.standardise');
  if (/^spec\.layers\.\d+\.(units|filters)$/.test(path)) return t('advisor.change.widen');
  const activation = /^(spec\.layers\.[\d.a-z]+)\.activation$/.exec(path);
  if (activation && typeof value === 'string') return t('advisor.change.activation', { activation: value, layer: activation[1] });
  if (path === 'spec.layers' && Array.isArray(value)) return insertedLayers(config.spec.layers, value as { kind: string }[]);
  return null;
}

/** "adds 3 Dropout layers": the layer kinds the new list has more of than the old. */
function insertedLayers(before: readonly { kind: string }[], after: readonly { kind: string }[]): string | null {
  const count = (list: readonly { kind: string }[]) => list.reduce((m, l) => m.set(l.kind, (m.get(l.kind) ?? 0) + 1), new Map<string, number>());
  const was = count(before);
  const added = [...count(after)].filter(([kind, n]) => n > (was.get(kind) ?? 0)).map(([kind, n]) => ({ kind, n: n - (was.get(kind) ?? 0) }));
  if (!added.length) return null;
  return added.map((a) => t('advisor.change.addLayers', { count: a.n, kind: layerLabel(a.kind as never) })).join(t('common.listSeparator'));
}
