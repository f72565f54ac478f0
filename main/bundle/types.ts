/** The shapes of bundles that the API shows (contract.ts re-exports them); types and constants only. */

/** What `bundles.export` can export: one place lists them (kinds/index.ts implements each). */
export const BUNDLE_KINDS = ['run', 'study', 'experiment'] as const;
export type BundleKindName = (typeof BUNDLE_KINDS)[number];

export type BundleContents = { datasets: number; runs: number; metricPoints: number; jobs: Record<string, number> };

export type BundleExportResult = { file: string; bytes: number; kind: string; id: string; name: string; contents: BundleContents; withData: boolean };

export type BundleImportResult = {
  kind: string;
  /** The imported root (run, study or experiment) under its id in this data folder. */
  id: string;
  name: string;
  /** Ids that were taken here and what they became (every reference to them was rewritten). */
  remapped: { what: string; from: string; to: string }[];
  /** Each dataset the bundle's runs use: added from the bundle, or the same data found here. */
  datasets: { id: string; name: string; added: boolean }[];
  counts: { runs: number; metricPoints: number; jobs: Record<string, number> };
  warnings: string[];
};
