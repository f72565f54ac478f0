/**
 * records.json and the metric files of a bundle, as zod schemas: an import
 * validates every record before it writes anything. Runs carry their config
 * through the same RunConfig schema as runs.start, so an imported run can be
 * replayed. Job sections (studies, experiments, ensembles…) are validated by
 * their kind (kinds/).
 */
import { z } from 'zod';
import { RUN_STATUSES, RunConfig, TASKS } from '../api/schemas.ts';

/** Ids name folders on import (runs/<id>/), so they are plain names: never '.', '..' or anything with a slash. */
export const id = z.string().min(1).max(100).regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'an id: letters, digits, _ . - (not starting with . or -)');
const text = z.string().max(10_000);
const time = z.string().max(100);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const finite = z.number().refine(Number.isFinite, 'a finite number');

export const BundleDataset = z
  .object({
    meta: z
      .object({
        id,
        name: z.string().min(1).max(200),
        source: z.enum(['csv', 'idx', 'images', 'sample']),
        task: z.enum(TASKS),
        inputShape: z.array(z.number().int().min(1)).min(1).max(4),
        numSamples: z.number().int().min(0),
        classes: z.array(z.string().max(1000)).max(100_000),
        featureNames: z.array(z.string().max(1000)).max(1_000_000),
        labelName: z.string().max(1000),
        classCounts: z.array(z.number().int().min(0)).max(100_000),
        createdAt: time,
        info: z.record(z.string(), z.unknown()).optional(),
        warnings: z.array(text).max(1000).optional(),
      })
      .strict(),
    /** Whether datasets/<id>/ holds the dataset's files (format.ts datasetFiles) in the bundle (--with-data). */
    included: z.boolean(),
    /**
     * sha256 of each of the dataset's files (x.f32, y.f32, and a text dataset's texts.json or a series' parts.u8),
     * so an import can tell the same data already in a folder from other data under the same id.
     */
    sha256: z.object({ x: sha256, y: sha256, texts: sha256.optional(), parts: sha256.optional() }).strict(),
  })
  .strict();
export type BundleDataset = z.infer<typeof BundleDataset>;

const metricValues = z.record(z.string().max(100), z.number().nullable());

export const BundleRun = z
  .object({
    record: z
      .object({
        id,
        name: z.string().max(1000),
        datasetId: id,
        datasetName: z.string().max(1000),
        status: z.enum(RUN_STATUSES),
        config: RunConfig,
        backend: z.string().max(200).nullable(),
        versions: z.record(z.string().max(100), z.string().max(200)),
        seed: z.number().int(),
        paramCount: z.number().int().min(0),
        flops: z.number().min(0),
        createdAt: time,
        startedAt: time.nullable(),
        finishedAt: time.nullable(),
        durationMs: z.number().min(0).nullable(),
        epochsDone: z.number().int().min(0),
        error: text.nullable(),
        metrics: z.object({ train: metricValues.optional(), val: metricValues.optional(), test: metricValues.optional() }).loose(),
        notes: text,
        tags: z.array(z.string().max(50)).max(20),
        adapter: z
          .object({ vendor: z.string().max(200), architecture: z.string().max(200), device: z.string().max(200), description: z.string().max(500), software: z.boolean() })
          .strict()
          .nullable()
          .optional(),
        backendsTried: z.array(z.object({ name: z.string().max(50), available: z.boolean(), reason: z.string().max(2000).optional() }).strict()).max(20).optional(),
      })
      .strict(),
    lineage: z.object({ parentRunId: id, relation: z.string().max(100) }).strict().nullable(),
    /** The run's files, relative to runs/<id>/ in the bundle and to its artifact folder. */
    files: z.array(z.string().min(1).max(500)).max(10_000),
  })
  .strict();
export type BundleRun = z.infer<typeof BundleRun>;

export const BundleRecords = z
  .object({
    datasets: z.array(BundleDataset).max(1000),
    runs: z.array(BundleRun).max(100_000),
    /** One array per job kind that has rows of its own ('studies', 'experiments'), validated by that kind. */
    jobs: z.record(z.string().max(50), z.array(z.unknown())),
  })
  .strict();
export type BundleRecords = { datasets: BundleDataset[]; runs: BundleRun[]; jobs: Record<string, unknown[]> };

/** A metric point; JSON has no NaN or ±Infinity, so a non-finite value travels as null and comes back as NaN. */
export const BundleMetricPoint = z
  .object({ epoch: z.number().int().min(0), split: z.enum(['train', 'val', 'test']), name: z.string().min(1).max(100), value: finite.nullable() })
  .strict();
export const BundleMetrics = z.array(BundleMetricPoint).max(10_000_000);
