/**
 * The bundle format (a .mbz file): one zip archive that carries results from
 * one data folder to another. docs/bundles.md is the long form.
 *
 *   manifest.json              format, version, who wrote it, what it holds, sha256 of every other entry
 *   records.json               the rows: datasets, runs (with lineage), and one section per job kind
 *   metrics/<runId>.json       each run's metric points
 *   runs/<runId>/<file>        each run's saved files (model.json, weights.bin, recipe.json, split.json…)
 *   datasets/<datasetId>/x.f32, y.f32   the dataset, when exported --with-data (and a text dataset's
 *                                       texts.json, a series' parts.u8: datasetFiles)
 */
import { z } from 'zod';
import { PARTS_FILE, TEXTS_FILE } from '../data/store.ts';

export const BUNDLE_FORMAT = 'modelbench-bundle';
/** Bumped whenever a reader of the previous version would misread a bundle. */
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_EXTENSION = '.mbz';

export const MANIFEST_PATH = 'manifest.json';
export const RECORDS_PATH = 'records.json';
export const metricsPath = (runId: string) => `metrics/${runId}.json`;
export const runFilePath = (runId: string, file: string) => `runs/${runId}/${file}`;
export const datasetFilePath = (datasetId: string, file: string) => `datasets/${datasetId}/${file}`;
/** A stored dataset's files by their sha256 key in records.json: the tensors, a text dataset's texts, a series' stored split. */
export function datasetFiles(meta: { info?: { text?: unknown; series?: unknown } | Record<string, unknown> }): { key: 'x' | 'y' | 'texts' | 'parts'; file: string }[] {
  return [
    { key: 'x', file: 'x.f32' },
    { key: 'y', file: 'y.f32' },
    ...(meta.info?.text ? [{ key: 'texts' as const, file: TEXTS_FILE }] : []),
    ...(meta.info?.series ? [{ key: 'parts' as const, file: PARTS_FILE }] : []),
  ];
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex');

export const ManifestFile = z.object({ path: z.string().min(1).max(1000), bytes: z.number().int().min(0), sha256 }).strict();

/** Read in two steps: the format and version first, so an unknown version is named as such, not as a schema error. */
export const ManifestHead = z.object({ format: z.string(), formatVersion: z.number() }).loose();

export const Manifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    modelbenchVersion: z.string().max(100),
    createdAt: z.string().max(100),
    /** What was exported: a run, a study or an experiment (kinds/index.ts). */
    kind: z.string().min(1).max(50),
    id: z.string().min(1).max(100),
    name: z.string().max(1000),
    withData: z.boolean(),
    contents: z.object({ datasets: z.number().int().min(0), runs: z.number().int().min(0), metricPoints: z.number().int().min(0), jobs: z.record(z.string(), z.number().int().min(0)) }).strict(),
    files: z.array(ManifestFile).max(1_000_000),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;
