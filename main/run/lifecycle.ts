/**
 * The one run lifecycle. Plain runs, study trials, compression steps (and the
 * members of ensembles) are all runs, and every run lives the same life here:
 *
 *   count the model → load the data → store the row ('queued', with its owner)
 *   → train in the worker pool → store each epoch (and its diagnostics, when probed), then announce it
 *   → store the final state (test metrics, size, counts) → announce 'finished', once.
 *
 * The order of the last steps is the crash guarantee: nothing is announced
 * before it is stored, so a `kill -9` at any moment loses nothing a user saw.
 * Store writes of one run are chained, so they land in the order the worker
 * reported them, and the final state is written only after every epoch.
 *
 * Callers differ only in what they ask for (RunRequest): a training plan, a
 * lineage, tags, preloaded data, pre-computed counts, an ensemble member's
 * rows, and an `onEpoch` hook through which a study's pruner can stop the run.
 * A run with that hook trains behind an epoch gate (main/train/epoch-gate.ts):
 * the worker waits after each epoch until the hook has answered, so a stop
 * lands right after the epoch it was decided on, whatever the timing.
 */
import { join } from 'node:path';
import type { RunLineage, Store, StoredDataset } from '../../db/store.ts';
import { ApiError } from '../api/errors.ts';
import type { MetricPoint, RunConfig, RunEvent, RunRecord } from '../api/schemas.ts';
import type { EventName, Events } from '../api/events.ts';
import type { TrainPlan } from '../compression/types.ts';
import { loadDatasetFiles } from '../data/store.ts';
import type { DatasetTensors } from '../data/types.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import { createEpochGate, releaseEpoch, stopAtGate } from '../train/epoch-gate.ts';
import type { TrainerPool } from '../train/pool.ts';
import type { TrainResult, TrainRows } from '../train/trainer.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { newId } from '../util/ids.ts';
import { datasetFilesDir, type ArtifactStore } from '../storage/artifacts.ts';

export type EpochEvent = Extract<RunEvent, { type: 'epoch' }>;

export type RunIdentity = { runId: string; artifactDir: string };

export type RunRequest = {
  config: RunConfig;
  dataset: StoredDataset;
  name: string;
  notes?: string;
  tags?: string[];
  lineage?: RunLineage;
  /** Warm start, magnitude pruning, distillation (main/compression/types.ts). */
  plan?: TrainPlan;
  /** An id and folder chosen beforehand (a structured-pruning step writes its start model there first). */
  identity?: RunIdentity;
  /** The dataset's tensors, when the caller already loaded them (a study loads them once). */
  data?: DatasetTensors;
  /** Counts of the model trained, when they differ from the spec's (warm-started or pruned models). */
  counts?: { paramCount: number; flops: number };
  /**
   * Ensemble members (main/ensemble/job): the training rows (repeats allowed), sample weights,
   * replacement targets, feature mask and member seed, within the split of config.seed
   * (main/train/trainer.ts TrainRows). Absent: the split's training rows, as for every other run.
   */
  rows?: TrainRows;
  /**
   * Called after each epoch is stored and announced; the worker waits for the
   * answer before it trains the next epoch. A RunStop stops the run right there
   * (a study's pruner), with its reason as error and its status.
   */
  onEpoch?(event: EpochEvent): RunStop | null | undefined | Promise<RunStop | null | undefined>;
};

/** Why a run is stopped from outside: the reason becomes its error; 'pruned' marks a study's pruning (else it ends 'cancelled'). */
export type RunStop = { reason: string; status?: 'cancelled' | 'pruned' };

/** A finished run: the trainer's result plus why it was stopped from outside, if it was. */
export type RunOutcome = TrainResult & { runId: string; artifactDir: string; stopReason: string | null };

export type RunHandle = {
  runId: string;
  artifactDir: string;
  /** Resolves once the final state is stored and 'finished' announced; never rejects. */
  done: Promise<RunOutcome>;
  /** Stops the run; the reason becomes its error, and it ends 'cancelled' (or as `opts.status` says). */
  cancel(reason?: string, opts?: { status?: RunStop['status'] }): void;
};

export type RunContext = {
  home: string;
  store: Store;
  pool: TrainerPool;
  emit<E extends EventName>(name: E, payload: Events[E]): void;
  /** Version strings recorded with every run, so that any run can be replayed. */
  versions: Record<string, string>;
  /** This process's owner id (main/run/ownership.ts); null in a read-only process, which starts no jobs. */
  ownerId: string | null;
  /** A finished run's folder is put here, so every process sharing the store can read it (main/storage/). */
  artifacts: ArtifactStore;
};

/** The owner id jobs started now will carry; a read-only process starts no jobs. */
export function requireOwner(ownerId: string | null): string {
  if (ownerId === null) {
    throw new ApiError('conflict', 'This Modelbench process was opened read-only (a listing command); it does not start or change jobs.');
  }
  return ownerId;
}

export const runsRoot = (home: string) => join(home, 'runs');

export function newRunIdentity(home: string): RunIdentity {
  const runId = newId('run');
  return { runId, artifactDir: join(runsRoot(home), runId) };
}

/** rows.json: TrainRows as plain arrays. */
export function rowsFile(rows: TrainRows): Record<string, unknown> {
  return {
    train: Array.from(rows.train),
    ...(rows.sampleWeights ? { sampleWeights: Array.from(rows.sampleWeights) } : {}),
    ...(rows.targets ? { targets: Array.from(rows.targets) } : {}),
    ...(rows.featureMask ? { featureMask: Array.from(rows.featureMask) } : {}),
    ...(rows.seed !== undefined ? { seed: rows.seed } : {}),
  };
}

/** The metric points of one epoch event, as stored. */
export function epochPoints(event: EpochEvent): MetricPoint[] {
  const points: MetricPoint[] = [{ epoch: event.epoch, split: 'train', name: 'lr', value: event.learningRate }];
  for (const [name, value] of Object.entries(event.train)) points.push({ epoch: event.epoch, split: 'train', name, value });
  for (const [name, value] of Object.entries(event.val)) points.push({ epoch: event.epoch, split: 'val', name, value });
  return points.filter((p) => Number.isFinite(p.value));
}

/** Parameter and FLOP counts of a config on a dataset, or ApiError('cannot_build') saying why not. */
export function countModel(config: RunConfig, dataset: StoredDataset): { paramCount: number; flops: number } {
  const count = analyseSpec(config.spec, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
  if (!count.ok) {
    throw new ApiError('cannot_build', `This model cannot be built for dataset '${dataset.name}' (input ${JSON.stringify(dataset.inputShape)}): ${count.error}`);
  }
  return { paramCount: count.paramCount, flops: count.flops };
}

/**
 * Starts runs and tracks the ones in flight. One per engine; `close()` ends
 * them as interrupted (stored, announced) before the engine closes its store.
 */
export class RunLauncher {
  readonly #ctx: RunContext;
  readonly #active = new Map<string, RunHandle>();

  constructor(ctx: RunContext) {
    this.#ctx = ctx;
  }

  /** Validates, stores the run and submits it; throws (writing nothing) when the model cannot be built or the data cannot be read. */
  async start(req: RunRequest): Promise<RunHandle> {
    const ctx = this.#ctx;
    const ownerId = requireOwner(ctx.ownerId);
    const counts = req.counts ?? countModel(req.config, req.dataset);
    const data = req.data ?? loadDatasetFiles(await datasetFilesDir(ctx, req.dataset));
    const { runId, artifactDir } = req.identity ?? newRunIdentity(ctx.home);
    const record: RunRecord = {
      id: runId, name: req.name, datasetId: req.dataset.id, datasetName: req.dataset.name, status: 'queued',
      config: req.config, backend: null, versions: ctx.versions, seed: req.config.seed,
      paramCount: counts.paramCount, flops: counts.flops, createdAt: new Date().toISOString(), startedAt: null,
      finishedAt: null, durationMs: null, epochsDone: 0, error: null, metrics: {}, notes: req.notes ?? '', tags: req.tags ?? [],
    };
    await ctx.store.runs.insert({ record, artifactDir, ownerId, lineage: req.lineage });
    // The plan is part of how this run was made; keep it beside the model (a RunConfig alone cannot replay it).
    if (req.plan) writeFileAtomic(join(artifactDir, 'plan.json'), JSON.stringify({ plan: req.plan, lineage: req.lineage ?? null }, null, 2));
    // So are an ensemble member's rows (which rows, weights, targets, features, seed): they replay it and audit its folds.
    if (req.rows) writeFileAtomic(join(artifactDir, 'rows.json'), JSON.stringify(rowsFile(req.rows)));

    const startedMs = Date.now();
    let stopReason: string | null = null;
    let stopStatus: NonNullable<RunStop['status']> = 'cancelled';
    // Only runs whose owner judges each epoch wait for it.
    const gate = req.onEpoch ? createEpochGate() : undefined;
    // A verdict stops mattering once the run is stopped or over: its stores and final state never wait for one.
    let endVerdicts!: () => void;
    const verdictsEnded = new Promise<null>((resolve) => (endVerdicts = () => resolve(null)));
    let epochsStored = 0;
    // Store writes of this run, in the order the worker reported them.
    let writes: Promise<void> = Promise.resolve();
    const write = (step: () => Promise<void>) => {
      writes = writes.then(step).catch(() => {
        // A failed write (disk full, database gone) must not stop the writes after it; the final state is retried below.
      });
    };

    const onEvent = (event: RunEvent): void => {
      if (event.type === 'started') {
        write(async () => {
          await ctx.store.runs.update(runId, {
            status: 'running', startedAt: new Date().toISOString(), backend: event.backend,
            // Where it trained, and why there: the GPU of a webgpu run, each backend skipped and why the one used was chosen.
            adapter: event.adapter ?? null, backendsTried: event.tried ?? [],
          });
          ctx.emit('run.event', event);
        });
      } else if (event.type === 'epoch') {
        write(async () => {
          try {
            await ctx.store.metrics.append(runId, epochPoints(event));
            await ctx.store.runs.update(runId, { epochsDone: event.epoch });
            epochsStored = event.epoch;
            ctx.emit('run.event', event);
            const stop = stopReason === null && req.onEpoch ? await Promise.race([req.onEpoch(event), verdictsEnded]) : null;
            if (stop) handle.cancel(stop.reason, { status: stop.status });
          } finally {
            // Released whatever happened above: a failed write must not hold the worker.
            if (gate) releaseEpoch(gate, event.epoch);
          }
        });
      } else if (event.type === 'diagnostics') {
        // The worker sends an epoch's diagnostics right after its metrics; stored in that order, then announced.
        write(async () => {
          await ctx.store.diagnostics.put(runId, event.diagnostics);
          ctx.emit('run.event', event);
        });
      } else if (event.type === 'batch') {
        ctx.emit('run.event', event);
      }
      // 'finished' comes from this module alone (below), never from the worker.
    };

    const job = ctx.pool.submit({ runId, config: req.config, meta: req.dataset, data, artifactDir, plan: req.plan, rows: req.rows, epochGate: gate }, onEvent);
    const done = job.result.then(async (result): Promise<RunOutcome> => {
      endVerdicts();
      await writes;
      const outcome: RunOutcome = {
        ...result,
        // The trainer only knows it was stopped; the caller said why.
        status: result.status === 'cancelled' && stopReason !== null ? stopStatus : result.status,
        runId,
        artifactDir,
        stopReason,
        epochsDone: Math.max(result.epochsDone, epochsStored),
        error: result.error ?? (result.status !== 'completed' ? stopReason : null),
      };
      // The files first, then the final state: a run stored 'completed' has its model reachable everywhere.
      await ctx.artifacts.put('run', runId, artifactDir).catch(() => {});
      await this.#storeFinal(outcome, startedMs);
      this.#active.delete(runId);
      ctx.emit('run.event', { type: 'finished', runId, status: outcome.status, metrics: outcome.metrics, error: outcome.error });
      return outcome;
    });
    const handle: RunHandle = {
      runId,
      artifactDir,
      done,
      cancel(reason = 'cancelled by the user', opts = {}) {
        if (stopReason === null) {
          stopReason = reason;
          stopStatus = opts.status ?? 'cancelled';
        }
        if (gate) stopAtGate(gate);
        endVerdicts();
        job.cancel();
      },
    };
    this.#active.set(runId, handle);
    return handle;
  }

  async #storeFinal(r: RunOutcome, startedMs: number): Promise<void> {
    const { store } = this.#ctx;
    const test: MetricPoint[] = Object.entries(r.metrics.test ?? {})
      .map(([name, value]) => ({ epoch: r.epochsDone, split: 'test' as const, name, value }))
      .filter((p) => Number.isFinite(p.value));
    try {
      if (test.length) await store.metrics.append(r.runId, test);
      await store.runs.update(r.runId, {
        status: r.status,
        metrics: r.size ? { ...r.metrics, size: r.size } : r.metrics,
        error: r.error,
        // A job that never reached a worker has no backend: keep what 'started' stored, else none.
        ...(r.backend ? { backend: r.backend } : {}),
        epochsDone: r.epochsDone,
        finishedAt: new Date().toISOString(),
        durationMs: Date.now() - startedMs,
        ...(r.paramCount > 0 ? { paramCount: r.paramCount, flops: r.flops } : {}),
      });
    } catch {
      // The store is unreachable: the row stays 'running' with this owner, and the sweep marks it
      // interrupted once this process is gone. Callers still get the outcome.
    }
  }

  get(runId: string): RunHandle | undefined {
    return this.#active.get(runId);
  }

  get activeCount(): number {
    return this.#active.size;
  }

  /** Ends every run in flight as interrupted (stored and announced); the pool is closed by then. */
  async close(): Promise<void> {
    const pending = [...this.#active.values()].map((h) => h.done);
    await this.#ctx.pool.close();
    await Promise.all(pending);
  }
}
