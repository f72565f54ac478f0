/**
 * The records of an unpacked bundle, validated before anything is written to
 * the data folder: every record against its schema, every job section by its
 * kind, and every reference inside the bundle (runs → datasets, jobs → runs,
 * files → runs and datasets).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { ApiError, describeZodError } from '../api/errors.ts';
import type { MetricPoint } from '../api/schemas.ts';
import { datasetFiles, datasetFilePath, metricsPath, RECORDS_PATH, type Manifest } from './format.ts';
import { jobSection, type JobSection } from './kinds/index.ts';
import { BundleMetrics, BundleRecords, type BundleDataset, type BundleRun } from './records.ts';
import { unsafeEntryName } from './unpack.ts';

export type ValidBundle = {
  manifest: Manifest;
  datasets: BundleDataset[];
  runs: BundleRun[];
  metrics: Map<string, MetricPoint[]>;
  jobs: { section: JobSection<unknown>; items: unknown[] }[];
};

export function validateBundle(staging: string, manifest: Manifest, maxJsonBytes: number): ValidBundle {
  const records = parse(BundleRecords, readJson(staging, RECORDS_PATH, maxJsonBytes), RECORDS_PATH) as BundleRecords;
  const jobs = Object.entries(records.jobs).map(([name, items]) => {
    const section = jobSection(name);
    if (!section) throw new ApiError('bad_data', `The bundle holds ${name}, which this Modelbench does not know; update Modelbench to import it.`);
    return { section, items: items.map((item, i) => parse(section.schema, item, `${RECORDS_PATH} ${name}[${i}]`)) };
  });

  const datasetIds = unique(records.datasets.map((d) => d.meta.id), 'dataset');
  const runIds = unique(records.runs.map((r) => r.record.id), 'run');
  for (const d of records.datasets) {
    if (d.included) for (const { file } of datasetFiles(d.meta)) need(staging, datasetFilePath(d.meta.id, file), `dataset ${d.meta.id}`);
  }
  const metrics = new Map<string, MetricPoint[]>();
  for (const r of records.runs) {
    if (!datasetIds.has(r.record.datasetId)) throw new ApiError('bad_data', `Run ${r.record.id} in the bundle uses dataset ${r.record.datasetId}, which the bundle does not describe.`);
    for (const f of r.files) {
      if (unsafeEntryName(f)) throw new ApiError('bad_data', `Run ${r.record.id} in the bundle lists the file '${f}', which ${unsafeEntryName(f)}.`);
      need(staging, `runs/${r.record.id}/${f}`, `run ${r.record.id}`);
    }
    const points = parse(BundleMetrics, readJson(staging, metricsPath(r.record.id), maxJsonBytes), metricsPath(r.record.id));
    metrics.set(r.record.id, points.map((p) => ({ ...p, value: p.value ?? Number.NaN })));
  }
  for (const { section, items } of jobs) {
    unique(items.map((item) => section.id(item)), section.section);
    for (const item of items) {
      for (const runId of section.runIds(item)) {
        if (!runIds.has(runId)) throw new ApiError('bad_data', `${section.section} ${section.id(item)} refers to run ${runId}, which the bundle does not hold.`);
      }
      for (const datasetId of section.datasetIds(item)) {
        if (!datasetIds.has(datasetId)) throw new ApiError('bad_data', `${section.section} ${section.id(item)} refers to dataset ${datasetId}, which the bundle does not describe.`);
      }
    }
  }
  const roots = manifest.kind === 'run' ? runIds : new Set(jobs.flatMap(({ section, items }) => items.map((item) => section.id(item))));
  if (!roots.has(manifest.id)) throw new ApiError('bad_data', `The bundle's manifest names ${manifest.kind} ${manifest.id}, which its records do not hold.`);
  return { manifest, datasets: records.datasets, runs: records.runs, metrics, jobs };
}

function readJson(staging: string, path: string, max: number): unknown {
  const file = join(staging, path);
  if (!existsSync(file)) throw new ApiError('bad_data', `The bundle has no ${path}.`);
  if (statSync(file).size > max) throw new ApiError('too_large', `The bundle's ${path} is larger than ${max} bytes (MAX_BUNDLE_JSON_BYTES).`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new ApiError('bad_data', `The bundle's ${path} is not valid JSON.`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError('bad_data', `The bundle's ${where} is not valid: ${describeZodError(result.error)}.`);
  return result.data;
}

function unique(ids: string[], what: string): Set<string> {
  const set = new Set(ids);
  if (set.size !== ids.length) throw new ApiError('bad_data', `The bundle holds a ${what} id twice.`);
  return set;
}

function need(staging: string, path: string, owner: string): void {
  if (!existsSync(join(staging, path))) throw new ApiError('bad_data', `The bundle lacks ${path}, a file of ${owner}.`);
}
