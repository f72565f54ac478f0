/**
 * The extension point of bundles: what a kind of exportable thing must say.
 *
 * - A BundleKind is what `bundles.export` takes (`kind` + `id`): it reads the
 *   thing from the store and lists the runs it needs and the job rows it owns.
 * - A JobSection is one array of job rows in records.json ('studies',
 *   'experiments'): its schema, the runs each row refers to, and how to insert
 *   (and, on a failed import, remove) one row through the store.
 *
 * Runs, their metrics and files, and datasets are common to every kind and
 * handled once (collect.ts, import.ts). Adding a kind (ensembles) is one file
 * here with both parts, registered in kinds/index.ts.
 */
import type { z } from 'zod';
import type { Store } from '../../../db/store.ts';

/** Owners that are alive now: a job stored as running whose owner is not among them was interrupted. */
export type Liveness = { liveOwners: Set<string> };

export type BundleRoot = {
  name: string;
  /** Every run the bundle needs (each brings its dataset). */
  runIds: string[];
  /** Job rows by section. */
  jobs: Record<string, unknown[]>;
};

export type BundleKind = {
  kind: string;
  collect(store: Store, id: string, live: Liveness): Promise<BundleRoot>;
};

export type JobSection<Item = unknown> = {
  section: string;
  /** One row, for people ('study'), and the prefix of the fresh id an import gives a row whose id is taken ('study', 'exp'). */
  noun: string;
  idPrefix: string;
  schema: z.ZodType<Item>;
  id(item: Item): string;
  /** The runs a row refers to; each must be in the bundle. */
  runIds(item: Item): string[];
  /** Datasets a row refers to besides its runs' (a study's dataset); each must be in the bundle's datasets. */
  datasetIds(item: Item): string[];
  exists(store: Store, id: string): Promise<boolean>;
  /** Inserts the row (ids already remapped), with its children, through the store. */
  insert(store: Store, item: Item): Promise<void>;
  remove(store: Store, id: string): Promise<void>;
};
