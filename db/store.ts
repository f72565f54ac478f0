/**
 * The storage contract: every byte of state Modelbench keeps (datasets, runs,
 * metrics, studies, trials, compression experiments, job owners) goes through
 * this one interface. It names no SQL type. The embedded SQLite store
 * (db/sqlite/) implements it; a server store (PostgreSQL, for studies shared
 * by many worker processes) implements the same interface and passes the same
 * contract suite (test/db/store-contract.ts). docs/store-contract.md is the
 * long form of the guarantees below.
 *
 * Guarantees every implementation gives (the contract suite checks each):
 *
 * 1. Asynchronous. Every method returns a Promise, even where the backend is
 *    synchronous, so callers are written once for every backend. Errors meant
 *    for people reject with ApiError (e.g. `conflict` when a dataset still has
 *    runs); anything else is a bug or an unreachable database.
 * 2. Atomic methods. Each method is one transaction: it happens whole or not
 *    at all, and a crash (kill -9, power loss after the commit returned) keeps
 *    or drops it whole. Nothing spans two methods: callers that need two writes
 *    to agree order them so that the intermediate state is valid.
 * 3. Durable on return. Once a write's Promise resolves, another process that
 *    opens the same store sees it, and a killed process does not lose it.
 *    The engine writes an epoch's metrics and *then* announces the epoch, so
 *    nothing a user was shown is ever lost.
 * 4. Several processes may share one store. Writes never lose each other's
 *    rows; numbers that must be unique (a study's trial numbers) are allocated
 *    atomically by the store (`trials.create`), never read-then-written by the
 *    caller; so are new dataset names (`datasets.insertUnique`).
 * 5. Ownership of running jobs. A queued/running run, a running study, a
 *    running experiment, a running ensemble and a running trial record the owner that runs it: a
 *    registered process (owners: pid, host, heartbeat, lease). Only the owner
 *    writes the job's progress and final state. A job whose owner is gone is
 *    *orphaned*; `owners.interruptOrphans` marks orphans interrupted (runs,
 *    studies, experiments and their running step, ensembles) or failed-interrupted
 *    (trials, so a resumed study re-runs their params), keeping every metric
 *    and intermediate value they reported. Which owners are gone is the
 *    caller's judgement (a dead pid on this host, or an expired lease:
 *    main/run/ownership.ts); the store makes the sweep atomic. Trials asked
 *    through ask/tell have no owner and are never swept: an external program
 *    holds them.
 * 6. Reads never write. A read-only process (e.g. `modelbench runs`) can use
 *    every get/list method without changing anything.
 * 7. Deletes cascade to rows that cannot live alone (a run's metrics, tags, diagnostics and explanations,
 *    a study's trials, an experiment's steps, an ensemble's member slots) and refuse (`conflict`) where the
 *    dependants must be deleted by the user first (a dataset with runs). Files
 *    beside the store (model weights, dataset tensors) are the caller's:
 *    main/engine/deletion.ts removes files and rows together.
 * 8. Lists are paged and sorted by indexed columns, for 10,000+ runs and
 *    trials and millions of metric points.
 */
import type {
  DatasetMeta,
  MetricPoint,
  RunListQuery,
  RunPage,
  RunRecord,
} from '../main/api/schemas.ts';
import type { ExperimentDetail, ExperimentKind, ExperimentRecord, ExperimentStatus, ExperimentStep, ModelSize } from '../main/compression/types.ts';
import type { EnsembleMethodName } from '../main/ensemble/types.ts';
import type {
  EnsembleDetail, EnsemblePage, EnsembleReport, EnsembleStatus, StoredCombiner, StoredMember,
} from '../main/ensemble/types.ts';
import type { TrialCounts, TrialPage, TrialRow, TrialState } from '../main/study/types.ts';
import type { EpochDiagnostics } from '../main/diagnose/types.ts';
import type { ExplainSettings, ExplanationPage, ExplanationRecord, ExplanationResult, ExplanationStatus } from '../main/explain/request.ts';
import type { FrozenTrial, Params } from '../main/tuner/types.ts';

export const INTERRUPTED_MESSAGE = 'The process stopped while this run was training (metrics up to the last reported epoch are kept).';
/** The error of an explanation whose process stopped before it finished. */
export const INTERRUPTED_EXPLANATION = 'The process computing this explanation stopped before it finished; ask for it again.';
/** Prefix of a trial's error when it was stopped from outside; a resumed study re-runs its params. */
export const INTERRUPTED_TRIAL_PREFIX = 'interrupted: ';

// ---------------------------------------------------------------- datasets

export type StoredDataset = DatasetMeta & { dir: string };

export interface DatasetStore {
  insert(meta: StoredDataset): Promise<void>;
  /**
   * Inserts with a name no other dataset has, choosing the name and inserting in
   * one transaction, so two processes importing 'wine' at once get 'wine' and
   * 'wine (2)'. `explicit` (the user chose `meta.name`): a taken name rejects with
   * ApiError('conflict') naming the ids and a free name, and nothing is stored;
   * otherwise a taken name becomes the first free 'name (n)'. Resolves to the
   * name stored.
   */
  insertUnique(meta: StoredDataset, opts: { explicit: boolean }): Promise<string>;
  /** Newest first. No `dir`: the list goes to the UI, which has no use for local paths. */
  list(): Promise<DatasetMeta[]>;
  get(id: string): Promise<StoredDataset | undefined>;
  /** Every dataset with exactly this name (names are not unique in old data folders). */
  byName(name: string): Promise<StoredDataset[]>;
  /** Rejects with ApiError('conflict') while runs still use the dataset (runs are never deleted implicitly). */
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- runs

export type RunLineage = { parentRunId: string; relation: string };

/** A run row plus what only the engine needs: where its files are, who runs it. */
export type NewRun = { record: RunRecord; artifactDir: string; ownerId: string | null; lineage?: RunLineage };

export interface RunStore {
  /** `record.datasetName` is ignored: it is always joined from the datasets table. */
  insert(run: NewRun): Promise<void>;
  /** Updates only the fields present in `patch` (id and datasetName are ignored); a missing run is a no-op. */
  update(id: string, patch: Partial<RunRecord>): Promise<void>;
  get(id: string): Promise<RunRecord | undefined>;
  /** Several runs in one read, in the order asked; missing ids are left out. */
  getMany(ids: readonly string[]): Promise<RunRecord[]>;
  artifactDir(id: string): Promise<string | undefined>;
  lineage(id: string): Promise<RunLineage | undefined>;
  /** The owner recorded for the run (null: none, or a row from before owners existed). */
  owner(id: string): Promise<string | null | undefined>;
  list(q: RunListQuery): Promise<RunPage>;
  /** Deletes the run, its metrics and tags (cascade). Files in its artifact dir are the caller's. */
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- metrics

export interface MetricStore {
  /**
   * All points in ONE transaction: a crash keeps a whole batch or none of it. A
   * point reported again for the same (name, split, epoch), e.g. after a
   * resume, replaces the old value. Non-finite values are kept (NaN is stored
   * as NULL and read back as NaN).
   */
  append(runId: string, points: MetricPoint[]): Promise<void>;
  /**
   * Ordered by name, split, epoch. With maxPoints, each series longer than that
   * is thinned to exactly maxPoints evenly spaced points, first and last included.
   */
  get(runId: string, maxPoints?: number): Promise<MetricPoint[]>;
}

// ---------------------------------------------------------------- studies and trials

export type StudyRow = {
  id: string;
  name: string;
  datasetId: string | null;
  /** As stored; whether a 'running' study's owner is still alive is decided by the caller. */
  status: string;
  directions: ('minimize' | 'maximize')[];
  objectives: unknown;
  sampler: unknown;
  pruner: unknown;
  space: unknown;
  config: unknown;
  seed: number;
  /** The owner running the study now (status 'running'), else the last one. */
  ownerId: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export type StudyPatch = Partial<Pick<StudyRow, 'name' | 'status' | 'sampler' | 'pruner' | 'space' | 'config' | 'finishedAt' | 'ownerId'>>;

export interface StudyRowStore {
  insert(row: StudyRow): Promise<void>;
  get(id: string): Promise<StudyRow | undefined>;
  /** Newest first; search matches the name or id (substring, case-insensitive); status: only studies stored with it. */
  list(q: { offset: number; limit: number; search?: string; status?: string }): Promise<{ total: number; items: StudyRow[] }>;
  update(id: string, patch: StudyPatch): Promise<void>;
  /**
   * Marks the study 'running' for `ownerId` unless another registered owner
   * holds it running: the compare-and-set that keeps two processes from running
   * one study. Resolves false when someone else holds it. (Sweep orphans first,
   * so that a dead owner's study can be taken over.)
   */
  claim(id: string, ownerId: string): Promise<boolean>;
  /** Deletes the study and its trials (cascade); the trials' runs stay. */
  delete(id: string): Promise<void>;
}

export type NewTrial = {
  params: Params;
  worker: number | null;
  retryOf: number | null;
  startedAt: string;
  /** The process that runs it; null for ask/tell trials (an external program holds them). */
  ownerId: string | null;
  distributions?: Record<string, unknown>;
};
export type TrialFinish = { state: Exclude<TrialState, 'running'>; values: number[] | null; error: string | null; finishedAt: string; durationMs: number | null };
export type TrialListQuery = {
  offset: number; limit: number; sort: 'number' | 'value' | 'state' | 'durationMs' | 'startedAt'; order: 'asc' | 'desc';
  objective: number; states?: TrialState[]; minValue?: number; maxValue?: number;
};
/** A trial that `claimNext` stored for the caller: a fresh one with the caller's params, or the re-run of an interrupted one. */
export type ClaimedTrial = { number: number; params: Params; retryOf: number | null };
export type LiteTrial = {
  number: number; state: TrialState; values: number[] | null; worker: number | null; startedAt: string | null; finishedAt: string | null;
  /** The process that ran it (main/util/owner-id.ts says on which machine); null for ask/tell trials. */
  ownerId: string | null;
};
export type RunningTrial = { number: number; ownerId: string | null };

export interface TrialStore {
  /** Stores a new running trial under the next free number of the study, atomically, and returns that number. */
  create(studyId: string, t: NewTrial): Promise<number>;
  /**
   * For a study that many workers run at once (main/worker/), in ONE transaction:
   * takes the lowest-numbered trial that was interrupted (failed with
   * INTERRUPTED_TRIAL_PREFIX) and that no trial re-runs yet, and stores its re-run
   * (its params, `retryOf` set) as a running trial held by `t.ownerId`; else, while
   * fewer than `nTrials` trials count (every trial but interrupted failures, whose
   * re-runs count instead), stores a running trial with `t.params`; else resolves
   * null (the study has all its trials). So however many workers ask at once, an
   * interrupted trial is re-run exactly once and a study never gets more than
   * nTrials trials.
   */
  claimNext(studyId: string, t: NewTrial, nTrials: number): Promise<ClaimedTrial | null>;
  setRun(studyId: string, number: number, runId: string): Promise<void>;
  /** Stores an intermediate value (step replaces an earlier report of the same step). */
  report(studyId: string, number: number, step: number, value: number): Promise<void>;
  /**
   * Finishes a running trial. Resolves false (and writes nothing) when the trial
   * is no longer running: another process finished or swept it first.
   */
  finish(studyId: string, number: number, f: TrialFinish): Promise<boolean>;
  get(studyId: string, number: number): Promise<TrialRow | undefined>;
  /**
   * Every trial as the tuner sees it (params, values, intermediate values); with
   * `fromNumber`, only trials numbered that or higher (a shared study's workers
   * re-read just the trials that can still change: finished trials never do).
   */
  frozen(studyId: string, fromNumber?: number): Promise<FrozenTrial[]>;
  list(studyId: string, q: TrialListQuery): Promise<TrialPage>;
  counts(studyId: string): Promise<TrialCounts>;
  /** Trials in state running, with their owners. */
  running(studyId: string): Promise<RunningTrial[]>;
  lite(studyId: string): Promise<LiteTrial[]>;
  intermediate(studyId: string, numbers: readonly number[]): Promise<Map<number, { steps: number[]; values: number[] }>>;
  /** Numbers of trials that some later trial re-runs (retry_of). */
  retried(studyId: string): Promise<Set<number>>;
  /** Sum of epochs trained by the study's runs. */
  epochsTrained(studyId: string): Promise<number>;
}

// ---------------------------------------------------------------- compression experiments

export type NewExperiment = {
  id: string; name: string; kind: ExperimentKind; baseRunId: string | null; config: Record<string, unknown>; createdAt: string;
  ownerId: string | null;
};

export interface ExperimentStore {
  create(e: NewExperiment): Promise<void>;
  get(id: string): Promise<ExperimentDetail | undefined>;
  /** Newest first, without steps. */
  list(): Promise<ExperimentRecord[]>;
  /** Sets the status (and, when running, the owner); `finished` stamps the finish time. */
  /** `finished`: true stamps the finish time now; a timestamp keeps a known one (an imported experiment). */
  setStatus(id: string, status: ExperimentStatus, extra?: { error?: string | null; bestStep?: number | null; finished?: boolean | string; ownerId?: string | null }): Promise<void>;
  /** Inserts or replaces one step. */
  putStep(step: ExperimentStep): Promise<void>;
  owner(id: string): Promise<string | null | undefined>;
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- ensembles

export type NewEnsemble = {
  id: string; name: string; method: EnsembleMethodName; datasetId: string; config: Record<string, unknown>; createdAt: string;
  ownerId: string | null;
};

/** What an ensemble job writes when it ends (or, for `report`, as it goes). Absent fields are left as they are. */
export type EnsemblePatch = {
  error?: string | null;
  /** Stamps finished_at (and duration_ms from created_at). */
  finished?: boolean;
  /** The owner running it now (with status 'running'). */
  ownerId?: string | null;
  metrics?: EnsembleDetail['metrics'];
  combiner?: StoredCombiner | null;
  report?: EnsembleReport;
  size?: ModelSize | null;
  paramCount?: number;
  flops?: number;
  /** Final member weights by position; positions not listed keep theirs. */
  weights?: { position: number; weight: number }[];
};

export type EnsembleListQuery = {
  offset: number; limit: number;
  sort: 'createdAt' | 'name' | 'status' | 'valAccuracy' | 'valF1' | 'valLoss' | 'paramCount' | 'durationMs';
  order: 'asc' | 'desc';
  status?: EnsembleStatus; datasetId?: string;
  /** Substring of the name or id, case-insensitive. */
  search?: string;
  /** Only ensembles with a member slot on this run (what a run's delete leaves; byRun's rule, paged). */
  memberRunId?: string;
};

export interface EnsembleStore {
  /** Stores a new ensemble, 'running' for its owner, with no members yet. */
  create(e: NewEnsemble): Promise<void>;
  /** The ensemble with its member slots (position order), each joined with its run (name, status, metrics). */
  get(id: string): Promise<EnsembleDetail | undefined>;
  /** Paged and sorted like the run list (NULLs last both ways); members are not included. */
  list(q: EnsembleListQuery): Promise<EnsemblePage>;
  /** Inserts or replaces the member slot at `member.position`: written when its run starts and again when it ends. */
  putMember(ensembleId: string, member: StoredMember): Promise<void>;
  /** Sets the status and any fields of the patch, in one transaction. */
  setStatus(id: string, status: EnsembleStatus, patch?: EnsemblePatch): Promise<void>;
  owner(id: string): Promise<string | null | undefined>;
  /** Ensembles any of these runs is a member of (a run's delete can say which ensembles it leaves). */
  byRun(runId: string): Promise<{ id: string; name: string }[]>;
  /** Deletes the ensemble and its member slots; the member runs stay. Files are the caller's. */
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- training diagnostics

/**
 * Per-layer diagnostics of a run (main/diagnose/types.ts), one record per probed
 * epoch, written by the run lifecycle right after that epoch's metrics. Bounded
 * by the trainer's probe schedule (main/diagnose/schedule.ts): at most
 * MAX_RECORDED_EPOCHS records and MAX_RUN_DIAGNOSTICS_BYTES per run.
 */
export interface DiagnosticsStore {
  /** Stores one epoch's record; a record of the same epoch (a re-run) is replaced. Non-finite numbers survive the round trip. */
  put(runId: string, record: EpochDiagnostics): Promise<void>;
  /**
   * In epoch order. With maxEpochs, a run with more records is thinned to
   * exactly maxEpochs evenly spaced ones, first and last included (as metrics.get).
   */
  get(runId: string, maxEpochs?: number): Promise<EpochDiagnostics[]>;
  /** Epochs with a record, in order (cheap: no JSON is read). */
  epochs(runId: string): Promise<number[]>;
}

// ---------------------------------------------------------------- explanations

export type NewExplanation = {
  id: string;
  runId: string;
  settings: ExplainSettings;
  /** Hash of the settings (main/explain/settings.ts): what `find` matches on. */
  settingsKey: string;
  createdAt: string;
  /** The process computing it. */
  ownerId: string | null;
};

export type ExplanationFinish = {
  status: Exclude<ExplanationStatus, 'running'>;
  result?: ExplanationResult | null;
  error?: string | null;
  finishedAt: string;
  durationMs: number | null;
};

/**
 * Explanations of runs (feature attributions, permutation importance): stored
 * 'running' with their owner when they start and finished once, so a result is
 * computed once and reused by every process that asks with the same settings.
 * A running explanation whose owner is gone is shown interrupted by readers
 * (main/engine/explain.ts), as runs are; deleting the run deletes them.
 */
export interface ExplanationStore {
  create(e: NewExplanation): Promise<void>;
  /** Ends a running explanation; resolves false (writing nothing) when it is not running any more. */
  finish(id: string, f: ExplanationFinish): Promise<boolean>;
  get(id: string): Promise<ExplanationRecord | undefined>;
  /** The newest completed explanation of the run with these settings, result included. */
  find(runId: string, settingsKey: string): Promise<ExplanationRecord | undefined>;
  /** Newest first, without results; all runs' unless runId is given. */
  list(q: { runId?: string; offset: number; limit: number }): Promise<ExplanationPage>;
  owner(id: string): Promise<string | null | undefined>;
  delete(id: string): Promise<void>;
}

// ---------------------------------------------------------------- owners (leases)

export type Owner = {
  id: string;
  pid: number;
  host: string;
  /** What the process is, for people: 'modelbench train', 'app', 'serve'… */
  label: string;
  startedMs: number;
  heartbeatMs: number;
  /** The owner is gone once heartbeatMs + leaseMs has passed without a heartbeat. */
  leaseMs: number;
};

export type OrphanCounts = { runs: number; studies: number; experiments: number; ensembles: number; explanations: number; trials: number };

export interface OwnerStore {
  /** Registers (or re-registers, after a sweep removed it) a live process. */
  register(owner: Owner): Promise<void>;
  /** Renews the lease. Resolves false when the row is gone (another process judged this one dead): register again. */
  heartbeat(id: string, nowMs: number): Promise<boolean>;
  /** Clean exit: removes the row. The jobs it ran keep its id as a record. */
  release(id: string): Promise<void>;
  list(): Promise<Owner[]>;
  /**
   * One atomic sweep: removes the owners in `goneOwnerIds`, then marks interrupted
   * every job not held by a registered owner — queued/running runs, running
   * studies, running experiments and their running steps, running ensembles
   * (their finished member slots stay), running explanations, and running
   * trials that have an owner (ask/tell trials have none and stay running).
   */
  interruptOrphans(goneOwnerIds: readonly string[], at: string): Promise<OrphanCounts>;
}

// ---------------------------------------------------------------- the store

export interface Store {
  /** Which backend this is, for `app.info` and error messages. */
  readonly kind: 'sqlite' | 'postgresql';
  /** Where it lives, for people (a file path, or a URL without credentials). */
  readonly location: string;
  readonly datasets: DatasetStore;
  readonly runs: RunStore;
  readonly metrics: MetricStore;
  readonly studies: StudyRowStore;
  readonly trials: TrialStore;
  readonly experiments: ExperimentStore;
  readonly ensembles: EnsembleStore;
  readonly diagnostics: DiagnosticsStore;
  readonly explanations: ExplanationStore;
  readonly owners: OwnerStore;
  /** Closes the connection(s). Calls after close reject. */
  close(): Promise<void>;
}
