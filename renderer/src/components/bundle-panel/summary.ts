/** One-line descriptions of bundle results for the UI; pure, so they are tested without a browser. */
import type { BundleExportResult, BundleImportResult } from '../../../../main/api/contract.ts';
import { hasMessage, t, tValue, type MessageKey } from '../../i18n/index.ts';
import { formatInteger, formatSize } from '../../lib/format.ts';
import { engineText, templateVars } from '../../lib/engine-text.ts';
import { parseBundleWarning } from '../../../../main/bundle/warnings.ts';

/** A bundle section ('studies', 'experiments', later 'ensembles') counted in words; unknown sections by their own name. */
function section(name: string, n: number): string {
  const key = `bundle.section.${name}`;
  return hasMessage(`${key}_other`) ? t(key as MessageKey, { count: n, n: formatInteger(n) }) : `${formatInteger(n)} ${name}`;
}

function jobs(counts: Record<string, number>): string[] {
  return Object.entries(counts).map(([name, n]) => section(name, n));
}

/** A bundle import warning in the UI's language: by its key (main/bundle/warnings.ts), else as the engine said it. */
export function bundleWarning(text: string): string {
  return engineText(text, parseBundleWarning, (p) => t(`bundle.warning.${p.key}`, templateVars(p.params, (name, v) => (name === 'relation' ? tValue('values.relation', String(v)) : String(v)))));
}

export function bundleSummary(r: BundleExportResult): string {
  const parts = [...jobs(r.contents.jobs), section('runs', r.contents.runs), section('metricPoints', r.contents.metricPoints)];
  return t(r.withData ? 'bundle.exportSummaryWithData' : 'bundle.exportSummary', { parts: parts.join(t('common.listSeparator')), size: formatSize(r.bytes) });
}

export function importSummary(r: BundleImportResult): string {
  const datasets = r.datasets.map((d) => t(d.added ? 'bundle.datasetAdded' : 'bundle.datasetHere', { name: d.name })).join(t('common.listSeparator'));
  const parts = [...jobs(r.counts.jobs), section('runs', r.counts.runs)].join(t('common.listSeparator'));
  return t('bundle.importSummary', { kind: tValue('bundle.kind', r.kind), name: r.name, id: r.id, parts, datasets });
}
