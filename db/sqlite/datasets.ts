/** Dataset rows: metadata only; the tensors are files in `dir`. */
import { ApiError } from '../../main/api/errors.ts';
import type { DatasetInfo, DatasetMeta } from '../../main/api/schemas.ts';
import { uniqueName } from '../../main/data/names.ts';
import type { DatasetStore, StoredDataset } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export type Row = {
  id: string; name: string; source: string; task: string; input_shape: string; num_samples: number;
  classes: string; feature_names: string; label_name: string; class_counts: string; dir: string; created_at: string;
  /** JSON: DatasetInfo plus the import's `warnings` (migration 004). */
  info: string;
};

export function toMeta(r: Row): DatasetMeta {
  const { warnings = [], ...info } = JSON.parse(r.info) as DatasetInfo & { warnings?: string[] };
  return {
    id: r.id,
    name: r.name,
    source: r.source as DatasetMeta['source'],
    task: r.task as DatasetMeta['task'],
    inputShape: JSON.parse(r.input_shape),
    numSamples: r.num_samples,
    classes: JSON.parse(r.classes),
    featureNames: JSON.parse(r.feature_names),
    labelName: r.label_name,
    classCounts: JSON.parse(r.class_counts),
    createdAt: r.created_at,
    info,
    warnings,
  };
}

export function createDatasetStore(db: Db): Sync<DatasetStore> {
  const insert = db.prepare(
    `INSERT INTO datasets (id, name, source, task, input_shape, num_samples, classes, feature_names, label_name, class_counts, dir, created_at, info)
     VALUES (@id, @name, @source, @task, @input_shape, @num_samples, @classes, @feature_names, @label_name, @class_counts, @dir, @created_at, @info)`,
  );
  const list = db.prepare<[], Row>('SELECT * FROM datasets ORDER BY created_at DESC, id');
  const get = db.prepare<[string], Row>('SELECT * FROM datasets WHERE id = ?');
  const byName = db.prepare<[string], Row>('SELECT * FROM datasets WHERE name = ? ORDER BY created_at DESC, id');
  const names = db.prepare<[], string>('SELECT name FROM datasets').pluck();
  const runCount = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM runs WHERE dataset_id = ?');
  const del = db.prepare('DELETE FROM datasets WHERE id = ?');

  const insertRow = (meta: StoredDataset) =>
    insert.run({
      id: meta.id,
      name: meta.name,
      source: meta.source,
      task: meta.task,
      input_shape: JSON.stringify(meta.inputShape),
      num_samples: meta.numSamples,
      classes: JSON.stringify(meta.classes),
      feature_names: JSON.stringify(meta.featureNames),
      label_name: meta.labelName,
      class_counts: JSON.stringify(meta.classCounts),
      dir: meta.dir,
      created_at: meta.createdAt,
      info: JSON.stringify({ ...meta.info, warnings: meta.warnings ?? [] }),
    });

  // Immediate: the write lock is taken before the names are read, so another process's insert waits.
  const insertUnique = db.transaction((meta: StoredDataset, explicit: boolean): string => {
    const taken = names.all();
    if (!explicit) {
      const name = uniqueName(meta.name, taken);
      insertRow({ ...meta, name });
      return name;
    }
    const same = byName.all(meta.name).map((r) => r.id);
    if (same.length > 0) {
      throw new ApiError(
        'conflict',
        `A dataset named '${meta.name}' already exists (${same.join(', ')}); choose another name, e.g. '${uniqueName(meta.name, taken)}'.`,
        { ids: same },
      );
    }
    insertRow(meta);
    return meta.name;
  });

  return {
    insert(meta) {
      insertRow(meta);
    },
    insertUnique: (meta, { explicit }) => insertUnique.immediate(meta, explicit),
    list() {
      return list.all().map(toMeta);
    },
    get(id) {
      const r = get.get(id);
      return r ? { ...toMeta(r), dir: r.dir } : undefined;
    },
    byName: (name) => byName.all(name).map((r) => ({ ...toMeta(r), dir: r.dir })),
    delete(id) {
      const n = runCount.get(id)?.n ?? 0;
      if (n > 0) throw new ApiError('conflict', `This dataset is used by ${n} run${n === 1 ? '' : 's'}; delete those runs first.`);
      del.run(id);
    },
  };
}
