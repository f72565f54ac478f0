/** Shapes that studies show to the outside (API results, events); the contract re-exports them. */
import type { StudyConfig, StudyKind } from './config.ts';

export type ParamValue = string | number | boolean | null;
export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';
/**
 * idle: created or stopped, nothing running; running: a runner works on it now;
 * finished: nTrials reached; interrupted: its process died while running (resume it).
 */
export type StudyStatus = 'idle' | 'running' | 'finished' | 'stopped' | 'interrupted';
export type ObjectiveInfo = { name: string; direction: 'minimize' | 'maximize' };

export type TrialRow = {
  number: number;
  state: TrialState;
  params: Record<string, ParamValue>;
  /** One per objective, complete trials only. */
  values: number[] | null;
  /** The latest intermediate report (first objective), e.g. the pruned trial's last value. */
  lastStep: number | null;
  lastValue: number | null;
  runId: string | null;
  error: string | null;
  /** Worker slot 0..workers-1 that ran it (null for ask/tell trials). */
  worker: number | null;
  /** Number of the interrupted trial this one re-runs with the same params. */
  retryOf: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
};

export type TrialCounts = { total: number; running: number; complete: number; pruned: number; failed: number };

export type StudyInfo = {
  id: string;
  name: string;
  kind: StudyKind;
  status: StudyStatus;
  datasetId: string | null;
  objectives: ObjectiveInfo[];
  sampler: string;
  pruner: string;
  config: StudyConfig;
  seed: number;
  createdAt: string;
  finishedAt: string | null;
  counts: TrialCounts;
};

export type StudyPage = { total: number; items: StudyInfo[] };
export type TrialPage = { total: number; items: TrialRow[] };

export type StudyDetail = {
  study: StudyInfo;
  /** Single objective: the best complete trial (or none). Several: the Pareto front, best-ranked first. */
  best: TrialRow[];
  /** Non-dominated complete trials (for one objective: the best trial). */
  paretoFront: TrialRow[];
  /** Epochs trained over all trials (train studies), e.g. to see what pruning saved. */
  epochsTrained: number;
};

export type ImportanceResult = {
  objective: number;
  trials: number;
  importances: { param: string; importance: number; divergence: number }[];
};

export type StudyHistory = {
  objectives: ObjectiveInfo[];
  /** Every finished trial in number order; best = best-so-far per objective (complete trials only). */
  trials: { number: number; state: TrialState; values: number[] | null; best: (number | null)[] }[];
  /** Intermediate curves (first objective) of at most maxIntermediateTrials trials: best-ranked and newest first. */
  intermediate: { number: number; state: TrialState; steps: number[]; values: number[] }[];
  /** Worker timeline in ms since the study's first trial started. */
  /** machine: 'host/pid' of the process that ran the trial (shared studies run on many machines); null when unknown. */
  timeline: { number: number; worker: number | null; state: TrialState; startMs: number; endMs: number | null; machine?: string | null }[];
};

export type AskResult = { number: number; params: Record<string, ParamValue> };
export type ReportResult = { prune: boolean };
export type UpdateResult = { study: StudyInfo; warnings: string[] };

/** Live events of studies (event name 'study.event'). */
export type StudyEvent =
  | { type: 'study-started'; studyId: string; workers: number; nTrials: number }
  | { type: 'trial-started'; studyId: string; number: number; params: Record<string, ParamValue>; runId: string | null; worker: number | null }
  | { type: 'trial-reported'; studyId: string; number: number; step: number; value: number }
  | { type: 'trial-pruned'; studyId: string; number: number; step: number | null }
  | { type: 'trial-completed'; studyId: string; number: number; values: number[]; isBest: boolean }
  | { type: 'trial-failed'; studyId: string; number: number; error: string }
  | { type: 'study-finished'; studyId: string; status: StudyStatus; counts: TrialCounts };
