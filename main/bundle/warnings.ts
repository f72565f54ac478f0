/**
 * The wording of bundle import warnings (pure, browser-safe): English text in
 * BundleImportResult.warnings, for the CLI and the UI; the renderer reads each
 * back with `parseBundleWarning` to say it in the UI's language (one text
 * field, as for dataset warnings: main/data/import-warnings.ts). Names and ids
 * are the bundle's, said as they are.
 */
import { messageCodec, type PartsOf } from '../util/message-template.ts';

/** English templates by key (also the renderer's English catalogue). */
export const BUNDLE_WARNING_TEXT = {
  datasetRenamed: "Dataset '{{name}}' was added as '{{renamed}}': a dataset here already has that name.",
  lineageDropped: 'Run {{run}} was {{relation}} from run {{parent}}, which is neither in the bundle nor here; its lineage link is left out.',
} as const;

const BUNDLE_WARNING_PARAMS = {
  datasetRenamed: { name: 'text', renamed: 'text' },
  lineageDropped: { run: 'text', relation: 'text', parent: 'text' },
} as const satisfies { [K in keyof typeof BUNDLE_WARNING_TEXT]: unknown };

export type BundleWarningParts = PartsOf<typeof BUNDLE_WARNING_PARAMS>;

const codec = messageCodec(BUNDLE_WARNING_TEXT, BUNDLE_WARNING_PARAMS);

export const formatBundleWarning = (parts: BundleWarningParts): string => codec.format(parts);
export const parseBundleWarning = (text: string): BundleWarningParts | null => codec.parse(text);
