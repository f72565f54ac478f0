/** Shared builders for the db tests: temp folders, datasets, runs, and an old-schema fixture. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../../db/sqlite/migrate.ts';
import type { StoredDataset } from '../../db/store.ts';
import type { RunRecord } from '../../main/api/schemas.ts';

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'modelbench-db-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeDataset(id: string, over: Partial<StoredDataset> = {}): StoredDataset {
  return {
    id,
    name: `dataset ${id}`,
    source: 'csv',
    task: 'classification',
    inputShape: [4],
    numSamples: 150,
    classes: ['setosa', 'versicolor', 'virginica'],
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    labelName: 'species',
    classCounts: [50, 50, 50],
    dir: `/data/datasets/${id}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    info: {},
    warnings: [],
    ...over,
  };
}

/** A run with every field filled with a non-default value, so round trips test them all. */
export function makeRun(id: string, datasetId: string, over: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    name: `run ${id}`,
    datasetId,
    datasetName: '',
    status: 'completed',
    config: {
      datasetId,
      spec: { name: 'mlp', layers: [{ kind: 'dense', units: 16, activation: 'relu', useBias: true }, { kind: 'dropout', rate: 0.2 }] },
      hyperparams: {
        optimizer: { kind: 'adam', learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
        schedule: { kind: 'constant' },
        batchSize: 32,
        epochs: 20,
        preprocess: 'standardize',
        targetScaling: 'standardize',
        split: { validation: 0.15, test: 0.15, stratify: true },
      },
      seed: 7,
      name: `run ${id}`,
    },
    backend: 'cpu',
    versions: { tfjs: '4.22.0', modelbench: '0.1.0' },
    seed: 7,
    paramCount: 1234,
    flops: 5678,
    createdAt: '2026-02-01T10:00:00.000Z',
    startedAt: '2026-02-01T10:00:01.000Z',
    finishedAt: '2026-02-01T10:01:01.000Z',
    durationMs: 60000,
    epochsDone: 20,
    error: null,
    metrics: {
      train: { loss: 0.1, accuracy: 0.97 },
      val: { loss: 0.2, accuracy: 0.95, f1: 0.94 },
      test: { loss: 0.25, accuracy: 0.93 },
      confusion: [[10, 0], [1, 9]],
      bestEpoch: 17,
    },
    notes: 'baseline',
    tags: ['mlp', 'baseline'],
    ...over,
  };
}

/**
 * Builds a database file at an older schema version (applying only the first
 * `version` migrations, the way an older Modelbench left it) and lets the test
 * insert rows with raw SQL of that era. No binary fixture is committed.
 */
export function createSchemaFixture(file: string, version: number, seed: (db: Database.Database) => void): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, { target: version, migrations: loadMigrations().slice(0, version) });
    db.transaction(() => seed(db))();
  } finally {
    db.close();
  }
}
