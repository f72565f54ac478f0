/**
 * A compression experiment: its row, every step (config, metrics, size,
 * sparsity, verdicts) and the steps' runs plus its base run. Inserted through
 * the store as the experiment runner writes it: create, the steps, the final
 * status. An imported experiment has no owner.
 */
import { z } from 'zod';
import { ApiError } from '../../api/errors.ts';
import { EXPERIMENT_KINDS, type ExperimentDetail, type ExperimentStep } from '../../compression/types.ts';
import { id } from '../records.ts';
import type { BundleKind, JobSection } from './types.ts';

const time = z.string().max(100);
const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
const record = z.record(z.string(), z.unknown());

const Step = z
  .object({
    experimentId: id,
    step: z.number().int().min(0),
    kind: z.string().min(1).max(100),
    label: z.string().max(1000),
    status: z.enum(STATUSES),
    runId: id.nullable(),
    config: record,
    metrics: z.object({ val: z.record(z.string(), z.number().nullable()).optional(), test: z.record(z.string(), z.number().nullable()).optional() }).strict(),
    size: record.nullable(),
    sparsity: record.nullable(),
    accepted: z.boolean().optional(),
    error: z.string().max(100_000).nullable(),
    createdAt: time,
    finishedAt: time.nullable(),
  })
  .strict();

const ExperimentItem = z
  .object({
    id,
    name: z.string().max(1000),
    kind: z.enum(EXPERIMENT_KINDS),
    baseRunId: id.nullable(),
    status: z.enum(STATUSES),
    config: record,
    error: z.string().max(100_000).nullable(),
    createdAt: time,
    finishedAt: time.nullable(),
    bestStep: z.number().int().min(0).nullable(),
    steps: z.array(Step).max(10_000),
  })
  .strict()
  .refine((e) => e.steps.every((s) => s.experimentId === e.id), 'every step must belong to its experiment');
type ExperimentItem = z.infer<typeof ExperimentItem>;

export const experimentSection: JobSection<ExperimentItem> = {
  section: 'experiments',
  noun: 'experiment',
  idPrefix: 'exp',
  schema: ExperimentItem,
  id: (e) => e.id,
  runIds: (e) => [...new Set([...(e.baseRunId ? [e.baseRunId] : []), ...e.steps.flatMap((s) => (s.runId ? [s.runId] : []))])],
  datasetIds: () => [],
  exists: async (store, experimentId) => (await store.experiments.get(experimentId)) !== undefined,
  async insert(store, e) {
    await store.experiments.create({ id: e.id, name: e.name, kind: e.kind, baseRunId: e.baseRunId, config: e.config, createdAt: e.createdAt, ownerId: null });
    for (const s of e.steps) await store.experiments.putStep(s as ExperimentStep);
    await store.experiments.setStatus(e.id, e.status, { error: e.error, bestStep: e.bestStep, finished: e.finishedAt ?? false });
  },
  remove: (store, experimentId) => store.experiments.delete(experimentId),
};

export const experimentKind: BundleKind = {
  kind: 'experiment',
  async collect(store, experimentId, live) {
    const e = await store.experiments.get(experimentId);
    if (!e) throw new ApiError('not_found', `No experiment with id '${experimentId}'.`);
    const owner = await store.experiments.owner(experimentId);
    if (e.status === 'running' && owner && live.liveOwners.has(owner)) {
      throw new ApiError('conflict', `Experiment '${e.name}' is running; wait for it or cancel it before exporting it.`);
    }
    const item = exportedExperiment(e);
    return { name: e.name, runIds: experimentSection.runIds(item), jobs: { experiments: [item] } };
  },
};

/** The experiment as a bundle row; one a gone process left running is interrupted (with its running steps), as a sweep would store it. */
function exportedExperiment(e: ExperimentDetail): ExperimentItem {
  const interrupted = e.status === 'running';
  const { stepCount: _count, ...rest } = e;
  return {
    ...rest,
    status: interrupted ? 'interrupted' : e.status,
    steps: e.steps.map((s) => ({ ...s, status: interrupted && s.status === 'running' ? 'interrupted' : s.status })) as ExperimentItem['steps'],
  };
}
