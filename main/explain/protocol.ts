/**
 * What crosses between the engine's thread and an explain worker: the job
 * (resolved settings and where the run's files are) going in; progress, then
 * one result or error, coming back. Errors cross as the import workers' do
 * (main/data/import-protocol.ts), so an ApiError keeps its code.
 */
import type { WireError } from '../data/import-protocol.ts';
import type { ExplainJobInput } from './job.ts';
import type { ExplanationResult } from './request.ts';

export type ExplainWorkerData = { input: ExplainJobInput; backend?: string[] };

export type FromExplainWorker =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: ExplanationResult }
  | { type: 'error'; error: WireError };
