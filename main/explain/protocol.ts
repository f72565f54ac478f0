/**
 * What crosses between the engine's thread and an explain worker: the job
 * (an explanation's resolved settings, one row's attention maps, or a forecasting
 * run's forecasts, and where the run's files are) going in; progress, then one result or error, coming
 * back. Errors cross as the import workers' do (main/data/import-protocol.ts),
 * so an ApiError keeps its code.
 */
import type { WireError } from '../data/import-protocol.ts';
import type { ExplainJobInput } from './job.ts';
import type { ExplanationResult } from './request.ts';
import type { AttentionJobInput, AttentionJobResult } from './sequence/attention-job.ts';
import type { ForecastJobInput } from '../forecast/job.ts';
import type { ForecastResult } from '../forecast/types.ts';

export type ExplainWorkerJob = { kind: 'explain'; input: ExplainJobInput } | { kind: 'attention'; input: AttentionJobInput } | { kind: 'forecast'; input: ForecastJobInput };

export type ExplainWorkerData = { job: ExplainWorkerJob; backend?: string[] };

export type FromExplainWorker =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: ExplanationResult | AttentionJobResult | ForecastResult }
  | { type: 'error'; error: WireError };
