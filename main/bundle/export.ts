/**
 * Writes a bundle: reads a run, a study or an experiment through the store
 * (never SQL), gathers its runs, their metrics and files and their datasets,
 * and streams everything into one zip (yazl), hashing each entry on the way.
 * The manifest, with every entry's sha256, is the last entry. The archive is
 * written under a temporary name and renamed, so a bundle that exists is whole.
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { INTERRUPTED_MESSAGE, type Store, type StoredDataset } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import type { RunRecord } from '../api/schemas.ts';
import { liveOwnerIds } from '../run/ownership.ts';
import { datasetFilesDir, folderArtifacts, runFilesDir, type ArtifactStore } from '../storage/artifacts.ts';
import { datasetDigests, hashingStream, listFiles, sha256Buffer, type Digest } from './files.ts';
import {
  BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, datasetFiles, datasetFilePath, MANIFEST_PATH, metricsPath, RECORDS_PATH, runFilePath, type Manifest,
} from './format.ts';
import { bundleKind, jobSection, type Liveness } from './kinds/index.ts';
import type { BundleDataset, BundleRecords, BundleRun } from './records.ts';
import type { BundleExportResult } from './types.ts';

export type BundleExportRequest = { kind: string; id: string; withData: boolean };
/** `artifacts`: where runs' and datasets' files are when this machine lacks them (default: the data folder). */
export type BundleEnv = { store: Store; versions: Record<string, string>; artifacts?: ArtifactStore };

type Entry = { path: string; source: { file: string } | { data: Buffer } };

export async function exportBundle(env: BundleEnv, request: BundleExportRequest, outFile: string): Promise<BundleExportResult> {
  const { store } = env;
  const files = { store, artifacts: env.artifacts ?? folderArtifacts };
  const live: Liveness = { liveOwners: await liveOwnerIds(store) };
  const root = await bundleKind(request.kind).collect(store, request.id, live);
  const entries: Entry[] = [];

  const runIds = [...new Set(root.runIds)];
  const records = await store.runs.getMany(runIds);
  const runs: BundleRun[] = [];
  let metricPoints = 0;
  for (const record of records) {
    const artifactDir = await runFilesDir(files, record.id);
    const runFiles = artifactDir ? listFiles(artifactDir) : [];
    for (const f of runFiles) entries.push({ path: runFilePath(record.id, f), source: { file: join(artifactDir!, f) } });
    const points = await store.metrics.get(record.id);
    metricPoints += points.length;
    // JSON has no NaN: a non-finite value travels as null (records.ts).
    entries.push({ path: metricsPath(record.id), source: { data: Buffer.from(JSON.stringify(points.map((p) => ({ ...p, value: Number.isFinite(p.value) ? p.value : null })))) } });
    runs.push({ record: await exportedRun(store, record, live), lineage: (await store.runs.lineage(record.id)) ?? null, files: runFiles });
  }

  const datasetIds = new Set(runs.map((r) => r.record.datasetId));
  for (const [section, items] of Object.entries(root.jobs)) for (const item of items) for (const d of jobSection(section)!.datasetIds(item)) datasetIds.add(d);
  const datasets: BundleDataset[] = [];
  for (const datasetId of datasetIds) {
    const stored = await store.datasets.get(datasetId);
    if (!stored) throw new ApiError('not_found', `Dataset ${datasetId}, which the exported runs use, is missing from this data folder.`);
    // On a machine without the dataset's folder its tensors come from the artifact store (they are hashed either way).
    const local = { ...stored, dir: await datasetFilesDir(files, stored) };
    datasets.push(await exportedDataset(local, request.withData));
    if (request.withData) for (const { file } of datasetFiles(stored)) entries.push({ path: datasetFilePath(stored.id, file), source: { file: join(local.dir, file) } });
  }

  const bundleRecords: BundleRecords = { datasets, runs, jobs: root.jobs };
  entries.unshift({ path: RECORDS_PATH, source: { data: Buffer.from(JSON.stringify(bundleRecords)) } });
  const contents: Manifest['contents'] = {
    datasets: datasets.length, runs: runs.length, metricPoints,
    jobs: Object.fromEntries(Object.entries(root.jobs).map(([section, items]) => [section, items.length])),
  };
  const manifestBase = {
    format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, modelbenchVersion: env.versions.modelbench ?? 'unknown',
    createdAt: new Date().toISOString(), kind: request.kind, id: request.id, name: root.name, withData: request.withData, contents,
  } as const;
  const bytes = await writeZip(outFile, entries, (files) => ({ ...manifestBase, files }));
  return { file: outFile, bytes, kind: request.kind, id: request.id, name: root.name, contents, withData: request.withData };
}

/** A run as a reader sees it: one a gone process left queued/running is interrupted; one that is really running is refused. */
async function exportedRun(store: Store, run: RunRecord, live: Liveness): Promise<BundleRun['record']> {
  const { ownerId: _owner, ...record } = run;
  if (run.status !== 'running' && run.status !== 'queued') return record;
  const owner = await store.runs.owner(run.id);
  if (owner && live.liveOwners.has(owner)) throw new ApiError('conflict', `Run '${run.name}' (${run.id}) is still ${run.status}; wait for it or cancel it before exporting.`);
  return { ...record, status: 'interrupted', error: run.error ?? INTERRUPTED_MESSAGE };
}

async function exportedDataset(stored: StoredDataset, included: boolean): Promise<BundleDataset> {
  const { dir, ...meta } = stored;
  for (const { file } of datasetFiles(meta)) {
    if (!existsSync(join(dir, file))) throw new ApiError('not_found', `Dataset '${meta.name}' (${meta.id}) has no ${file} in ${dir}.`);
  }
  return { meta, included, sha256: (await datasetDigests(dir, meta)) as BundleDataset['sha256'] };
}

/** Streams the entries into a zip, then the manifest built from their digests; atomic by rename. Returns the archive's size. */
async function writeZip(outFile: string, entries: Entry[], manifest: (files: Manifest['files']) => Manifest): Promise<number> {
  mkdirSync(dirname(outFile), { recursive: true });
  if (existsSync(outFile) && statSync(outFile).isDirectory()) throw new ApiError('conflict', `Cannot write the bundle to '${outFile}': it is a folder.`);
  const partial = `${outFile}.partial-${randomBytes(4).toString('hex')}`;
  const zip = new yazl.ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(partial));
  try {
    const digests: Promise<Digest>[] = entries.map((entry) => {
      const hashing = hashingStream();
      const done = new Promise<Digest>((resolve, reject) => {
        hashing.on('end', () => resolve(hashing.digest()));
        hashing.on('error', reject);
      });
      if ('data' in entry.source) {
        // Small JSON entries: hashed directly (yazl stores buffers without streaming them).
        zip.addBuffer(entry.source.data, entry.path);
        return Promise.resolve({ sha256: sha256Buffer(entry.source.data), bytes: entry.source.data.length });
      }
      const source = createReadStream(entry.source.file);
      source.on('error', (e) => hashing.destroy(e));
      zip.addReadStream(source.pipe(hashing), entry.path);
      return done;
    });
    const files = (await Promise.all(digests)).map((d, i) => ({ path: entries[i].path, ...d }));
    zip.addBuffer(Buffer.from(JSON.stringify(manifest(files), null, 1)), MANIFEST_PATH);
    zip.end();
    await written;
    renameSync(partial, outFile);
    return statSync(outFile).size;
  } catch (error) {
    (zip.outputStream as Readable).destroy();
    await written.catch(() => {});
    rmSync(partial, { force: true });
    throw error;
  }
}
