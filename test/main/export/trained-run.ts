/** A trained run as the store would record it, for export tests that train with trainRun directly. */
import * as tf from '@tensorflow/tfjs';
import type { DatasetMeta, RunConfig, RunRecord } from '../../../main/api/schemas.ts';
import type { TrainResult } from '../../../main/train/trainer.ts';

export function runRecordOf(id: string, meta: DatasetMeta, config: RunConfig, result: TrainResult): RunRecord {
  return {
    id, name: config.name ?? id, datasetId: meta.id, datasetName: meta.name, status: result.status, config, backend: result.backend,
    versions: { tfjs: tf.version.tfjs }, seed: config.seed, paramCount: result.paramCount, flops: result.flops, createdAt: new Date().toISOString(),
    startedAt: null, finishedAt: null, durationMs: null, epochsDone: result.epochsDone, error: null, metrics: result.metrics, notes: '', tags: [],
  };
}
