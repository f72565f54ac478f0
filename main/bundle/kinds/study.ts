/**
 * A hyperparameter study: its row, every trial (params, values, intermediate
 * reports, state, timing) and the trials' runs. Trials are re-created through
 * the store in number order, so the store allocates the same numbers; an
 * imported study has no owner (it is not running anywhere).
 */
import { z } from 'zod';
import { INTERRUPTED_TRIAL_PREFIX } from '../../../db/store.ts';
import type { StudyRow } from '../../../db/store.ts';
import { ApiError } from '../../api/errors.ts';
import type { TrialRow } from '../../study/types.ts';
import { id } from '../records.ts';
import type { BundleKind, JobSection, Liveness } from './types.ts';

const time = z.string().max(100);
const PAGE = 1000;

const Trial = z
  .object({
    number: z.number().int().min(0),
    state: z.enum(['running', 'complete', 'pruned', 'failed']),
    params: z.record(z.string().max(200), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])),
    values: z.array(z.number()).min(1).max(8).nullable(),
    runId: id.nullable(),
    error: z.string().max(100_000).nullable(),
    worker: z.number().int().min(0).nullable(),
    retryOf: z.number().int().min(0).nullable(),
    startedAt: time.nullable(),
    finishedAt: time.nullable(),
    durationMs: z.number().min(0).nullable(),
    /** Intermediate reports [step, value] of the first objective. */
    intermediate: z.array(z.tuple([z.number().int().min(0), z.number()])).max(100_000),
  })
  .strict();
type Trial = z.infer<typeof Trial>;

const StudyItem = z
  .object({
    row: z
      .object({
        id,
        name: z.string().min(1).max(1000),
        datasetId: id.nullable(),
        status: z.enum(['idle', 'running', 'finished', 'stopped', 'interrupted']),
        directions: z.array(z.enum(['minimize', 'maximize'])).min(1).max(8),
        objectives: z.unknown(),
        sampler: z.unknown(),
        pruner: z.unknown(),
        space: z.unknown(),
        config: z.unknown(),
        seed: z.number().int(),
        createdAt: time,
        finishedAt: time.nullable(),
      })
      .strict(),
    trials: z.array(Trial).max(100_000),
  })
  .strict()
  .refine((s) => s.trials.every((t, i) => t.number === i), 'trials must be numbered 0, 1, 2… in order');
export type StudyItem = z.infer<typeof StudyItem>;

export const studySection: JobSection<StudyItem> = {
  section: 'studies',
  noun: 'study',
  idPrefix: 'study',
  schema: StudyItem,
  id: (s) => s.row.id,
  runIds: (s) => s.trials.flatMap((t) => (t.runId ? [t.runId] : [])),
  datasetIds: (s) => (s.row.datasetId ? [s.row.datasetId] : []),
  exists: async (store, studyId) => (await store.studies.get(studyId)) !== undefined,
  async insert(store, { row, trials }) {
    await store.studies.insert({ ...row, ownerId: null } satisfies StudyRow);
    for (const t of trials) {
      const number = await store.trials.create(row.id, { params: t.params, worker: t.worker, retryOf: t.retryOf, startedAt: t.startedAt ?? row.createdAt, ownerId: null });
      if (number !== t.number) throw new ApiError('internal', `Study ${row.id}: trial ${t.number} was stored as number ${number}.`);
      for (const [step, value] of t.intermediate) await store.trials.report(row.id, number, step, value);
      if (t.runId) await store.trials.setRun(row.id, number, t.runId);
      if (t.state !== 'running') {
        await store.trials.finish(row.id, number, {
          state: t.state, values: t.values, error: t.error, finishedAt: t.finishedAt ?? t.startedAt ?? row.createdAt, durationMs: t.durationMs,
        });
      }
    }
  },
  remove: (store, studyId) => store.studies.delete(studyId),
};

export const studyKind: BundleKind = {
  kind: 'study',
  async collect(store, studyId, live) {
    const row = await store.studies.get(studyId);
    if (!row) throw new ApiError('not_found', `No study with id '${studyId}'.`);
    const running = row.status === 'running' && row.ownerId !== null && live.liveOwners.has(row.ownerId);
    if (running) throw new ApiError('conflict', `Study '${row.name}' is running; stop it (or wait for it to finish) before exporting it.`);
    const trials: TrialRow[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await store.trials.list(studyId, { offset, limit: PAGE, sort: 'number', order: 'asc', objective: 0 });
      trials.push(...page.items);
      if (page.items.length < PAGE) break;
    }
    const owners = new Map((await store.trials.running(studyId)).map((t) => [t.number, t.ownerId]));
    const steps = await store.trials.intermediate(studyId, trials.map((t) => t.number));
    const item: StudyItem = {
      row: {
        id: row.id, name: row.name, datasetId: row.datasetId, status: row.status === 'running' ? 'interrupted' : (row.status as StudyItem['row']['status']),
        directions: row.directions, objectives: row.objectives, sampler: row.sampler, pruner: row.pruner, space: row.space, config: row.config,
        seed: row.seed, createdAt: row.createdAt, finishedAt: row.finishedAt,
      },
      trials: trials.map((t) => trialItem(t, owners.get(t.number), steps.get(t.number), live)),
    };
    return { name: row.name, runIds: studySection.runIds(item), jobs: { studies: [item] } };
  },
};

/** A trial as exported: one that a gone process left running is failed-interrupted, as a sweep would store it; an ask/tell trial (no owner) stays running. */
function trialItem(t: TrialRow, owner: string | null | undefined, steps: { steps: number[]; values: number[] } | undefined, live: Liveness): Trial {
  const orphaned = t.state === 'running' && owner !== undefined && owner !== null && !live.liveOwners.has(owner);
  return {
    number: t.number, state: orphaned ? 'failed' : t.state, params: t.params, values: t.values, runId: t.runId,
    error: orphaned ? `${INTERRUPTED_TRIAL_PREFIX}the process running this trial stopped` : t.error,
    worker: t.worker, retryOf: t.retryOf, startedAt: t.startedAt, finishedAt: orphaned ? (t.startedAt ?? null) : t.finishedAt, durationMs: t.durationMs,
    intermediate: steps ? steps.steps.map((s, i) => [s, steps.values[i]] as [number, number]) : [],
  };
}
