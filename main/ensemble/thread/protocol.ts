/**
 * What crosses between an ensemble job (the engine's thread) and its worker
 * thread. The worker runs the method and the model's compute; members are
 * runs, so training one is a request back to the job (`train`), answered with
 * the run's id and folder once it completed (`trained`) or with why not
 * (`train-failed`). Errors cross as the import workers' do
 * (main/data/import-protocol.ts): an ApiError keeps its code.
 */
import type { Task } from '../../api/schemas.ts';
import type { WireError } from '../../data/import-protocol.ts';
import type { FinishedModel } from '../finish.ts';
import type { EnsembleBuild, MemberTraining } from '../index.ts';
import type { EnsembleMethodName } from '../types.ts';

/** Everything the method needs but its members: the dataset's files are read by the worker, not copied from the engine. */
export type EnsembleWorkerData = {
  /** The tfjs backend order of the engine's training workers (e.g. ['cpu'] in tests); default: initBackend's. */
  backend?: string[];
  method: EnsembleMethodName;
  options: Record<string, unknown>;
  task: Task;
  outputs: number;
  classNames: string[];
  inputShape: number[];
  /** The dataset's folder (x.f32, y.f32). */
  datasetDir: string;
  split: { train: Int32Array; val: Int32Array; test: Int32Array };
  /** Existing runs that join as members, in slot order, with their artifact folders. */
  candidates: { runId: string; dir: string }[];
  seed: number;
};

export type ToEnsembleWorker =
  | { type: 'trained'; call: number; runId: string; dir: string }
  | { type: 'train-failed'; call: number; error: WireError }
  /** After 'built': merge, measure and evaluate into `dir`. */
  | { type: 'finish'; dir: string };

export type FromEnsembleWorker =
  | { type: 'train'; call: number; request: MemberTraining }
  | { type: 'progress'; note: string }
  | { type: 'built'; build: EnsembleBuild }
  | { type: 'finished'; model: FinishedModel }
  | { type: 'error'; error: WireError };
