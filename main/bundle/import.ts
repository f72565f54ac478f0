/**
 * Imports a bundle into a data folder, all or nothing:
 *
 * 1. unpack into a staging folder inside the data folder (unpack.ts refuses
 *    hostile archives) and validate every record (validate.ts);
 * 2. resolve each dataset: the same data already here (by id, else by content
 *    among datasets of the same shape: sha256 of x.f32 and y.f32) is reused;
 *    else one in the bundle is added; one that is neither is refused;
 * 3. give a fresh id to every dataset, run, study or experiment whose id is
 *    taken here, and rewrite every reference (remap.ts);
 * 4. move the files into place, then insert the rows through the store in
 *    store order: datasets, runs (parents first), metrics, then the job
 *    sections (studies with their trials, experiments with their steps).
 *
 * Each dataset added and each run is also put into the artifact store (a
 * PostgreSQL store keeps files in the database for other machines). Any
 * failure after step 1 undoes what was done (rows deleted, files removed,
 * stored copies deleted) and the staging folder is always removed.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Store, StoredDataset } from '../../db/store.ts';
import { INTERRUPTED_MESSAGE } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import type { RunRecord } from '../api/schemas.ts';
import { homeLayout } from '../run/context.ts';
import type { ArtifactStore } from '../storage/artifacts.ts';
import { newId } from '../util/ids.ts';
import { datasetDigests } from './files.ts';
import { datasetFiles } from './format.ts';
import type { BundleDataset } from './records.ts';
import { parentsFirst, rewriteIds } from './remap.ts';
import { BUNDLE_LIMITS, unpackBundle, type BundleLimits } from './unpack.ts';
import { validateBundle, type ValidBundle } from './validate.ts';
import type { BundleImportResult } from './types.ts';
import { formatBundleWarning } from './warnings.ts';

/** `artifacts`: where imported runs' and datasets' files go so that every process sharing the store reads them (default: nowhere else). */
export type ImportEnv = { home: string; store: Store; artifacts?: ArtifactStore };

export async function importBundle(env: ImportEnv, file: string, limits: BundleLimits = BUNDLE_LIMITS): Promise<BundleImportResult> {
  const staging = join(env.home, '.staging', `bundle-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging, { recursive: true });
  try {
    const manifest = await unpackBundle(file, staging, limits);
    return await place(env, staging, validateBundle(staging, manifest, limits.maxJsonBytes));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

type DatasetPlan = { bundled: BundleDataset; targetId: string; add: boolean };

async function place(env: ImportEnv, staging: string, bundle: ValidBundle): Promise<BundleImportResult> {
  const { store } = env;
  const layout = homeLayout(env.home);
  mkdirSync(layout.runs, { recursive: true });
  mkdirSync(layout.datasets, { recursive: true });
  const ids = new Map<string, string>();
  const remapped: BundleImportResult['remapped'] = [];
  const fresh = (what: string, from: string, prefix: string) => {
    const to = newId(prefix);
    ids.set(from, to);
    remapped.push({ what, from, to });
  };

  const plans: DatasetPlan[] = [];
  for (const d of bundle.datasets) {
    const plan = await resolveDataset(store, layout.datasets, d);
    if (plan.targetId !== d.meta.id) {
      ids.set(d.meta.id, plan.targetId);
      if (plan.add) remapped.push({ what: 'dataset', from: d.meta.id, to: plan.targetId });
    }
    plans.push(plan);
  }
  for (const r of bundle.runs) {
    if ((await store.runs.get(r.record.id)) || existsSync(join(layout.runs, r.record.id))) fresh('run', r.record.id, 'run');
  }
  for (const { section, items } of bundle.jobs) {
    for (const item of items) if (await section.exists(store, section.id(item))) fresh(section.noun, section.id(item), section.idPrefix);
  }

  const warnings: string[] = [];
  const undo: (() => Promise<void> | void)[] = [];
  try {
    for (const plan of plans.filter((p) => p.add)) {
      const dir = join(layout.datasets, plan.targetId);
      renameSync(join(staging, 'datasets', plan.bundled.meta.id), dir);
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      const meta = { ...plan.bundled.meta, id: plan.targetId, dir } satisfies StoredDataset;
      const name = await store.datasets.insertUnique(meta, { explicit: false });
      if (name !== meta.name) warnings.push(formatBundleWarning({ key: 'datasetRenamed', params: { name: meta.name, renamed: name } }));
      undo.push(() => store.datasets.delete(plan.targetId));
      await env.artifacts?.put('dataset', plan.targetId, dir);
      undo.push(() => env.artifacts?.delete('dataset', plan.targetId));
    }

    const runs = rewriteIds(bundle.runs, ids);
    const oldIds = new Map(runs.map((r, i) => [r.record.id, bundle.runs[i].record.id]));
    for (const r of parentsFirst(runs, (x) => x.record.id, (x) => x.lineage?.parentRunId ?? null)) {
      const oldId = oldIds.get(r.record.id)!;
      const dir = join(layout.runs, r.record.id);
      const from = join(staging, 'runs', oldId);
      if (existsSync(from)) renameSync(from, dir);
      else mkdirSync(dir, { recursive: true });
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      let lineage = r.lineage ?? undefined;
      if (lineage && !oldIds.has(lineage.parentRunId) && !(await store.runs.get(lineage.parentRunId))) {
        warnings.push(formatBundleWarning({ key: 'lineageDropped', params: { run: r.record.id, relation: lineage.relation, parent: lineage.parentRunId } }));
        lineage = undefined;
      }
      // An imported run runs nowhere: one the bundle shows queued or running was interrupted.
      const live = r.record.status === 'queued' || r.record.status === 'running';
      const record = live ? { ...r.record, status: 'interrupted' as const, error: r.record.error ?? INTERRUPTED_MESSAGE } : r.record;
      // The schema's metrics allow null (JSON's NaN), as the store reads them back.
      await store.runs.insert({ record: record as unknown as RunRecord, artifactDir: dir, ownerId: null, lineage });
      undo.push(() => store.runs.delete(r.record.id));
      await store.metrics.append(r.record.id, bundle.metrics.get(oldId) ?? []);
      await env.artifacts?.put('run', r.record.id, dir);
      undo.push(() => env.artifacts?.delete('run', r.record.id));
    }

    const counts: Record<string, number> = {};
    for (const { section, items } of bundle.jobs) {
      for (const item of rewriteIds(items, ids)) {
        await section.insert(store, item);
        undo.push(() => section.remove(store, section.id(item)));
      }
      counts[section.section] = items.length;
    }

    const { manifest } = bundle;
    return {
      kind: manifest.kind,
      id: ids.get(manifest.id) ?? manifest.id,
      name: manifest.name,
      remapped,
      datasets: plans.map((p) => ({ id: p.targetId, name: p.bundled.meta.name, added: p.add })),
      counts: { runs: runs.length, metricPoints: [...bundle.metrics.values()].reduce((n, p) => n + p.length, 0), jobs: counts },
      warnings,
    };
  } catch (error) {
    for (const step of undo.reverse()) await Promise.resolve(step()).catch(() => {});
    throw error;
  }
}

/** Where the bundle's dataset lives in this data folder, and whether it has to be added. */
async function resolveDataset(store: Store, datasetsDir: string, d: BundleDataset): Promise<DatasetPlan> {
  const here = await store.datasets.get(d.meta.id);
  if (here && (await sameData(here, d))) return { bundled: d, targetId: here.id, add: false };
  // The same data imported here under another id (e.g. the same sample on both machines) is used rather than copied.
  for (const candidate of await store.datasets.list()) {
    const alike = candidate.numSamples === d.meta.numSamples && candidate.task === d.meta.task && candidate.inputShape.join() === d.meta.inputShape.join();
    const stored = alike && candidate.id !== d.meta.id ? await store.datasets.get(candidate.id) : undefined;
    if (stored && (await sameData(stored, d))) return { bundled: d, targetId: stored.id, add: false };
  }
  if (d.included) {
    const taken = here !== undefined || existsSync(join(datasetsDir, d.meta.id));
    return { bundled: d, targetId: taken ? newId('ds') : d.meta.id, add: true };
  }
  throw new ApiError(
    'not_found',
    `The bundle's runs use dataset '${d.meta.name}' (${d.meta.id}), which is neither in the bundle nor in this data folder${here ? ' (a dataset here has its id but other data)' : ''}. ` +
      'Export the bundle again with --with-data, or import the same data here first.',
  );
}

async function sameData(stored: StoredDataset, d: BundleDataset): Promise<boolean> {
  if (stored.numSamples !== d.meta.numSamples || !datasetFiles(stored).every(({ file }) => existsSync(join(stored.dir, file)))) return false;
  const here = await datasetDigests(stored.dir, stored);
  const bundled = d.sha256 as Record<string, string | undefined>;
  // Every file either side has must agree: two text datasets with the same labels differ by their texts.
  return [...new Set([...Object.keys(here), ...Object.keys(bundled)])].every((key) => here[key] === bundled[key]);
}
