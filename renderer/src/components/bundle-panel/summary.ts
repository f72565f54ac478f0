/** One-line descriptions of bundle results for the UI; pure, so they are tested without a browser. */
import type { BundleExportResult, BundleImportResult } from '../../../../main/api/contract.ts';

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

function jobs(counts: Record<string, number>): string[] {
  return Object.entries(counts).map(([section, n]) => plural(n, section.replace(/ies$/, 'y').replace(/s$/, '')));
}

export function bundleSummary(r: BundleExportResult): string {
  const parts = [...jobs(r.contents.jobs), plural(r.contents.runs, 'run'), plural(r.contents.metricPoints, 'metric point')];
  const size = r.bytes < 1024 * 1024 ? `${(r.bytes / 1024).toFixed(1)} KiB` : `${(r.bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${parts.join(', ')}; dataset ${r.withData ? 'included' : 'described, not included'} (${size}).`;
}

export function importSummary(r: BundleImportResult): string {
  const datasets = r.datasets.map((d) => `${d.name} ${d.added ? 'added' : 'already here'}`).join(', ');
  return `Imported ${r.kind} '${r.name}' as ${r.id}: ${[...jobs(r.counts.jobs), plural(r.counts.runs, 'run')].join(', ')}; dataset ${datasets}.`;
}
