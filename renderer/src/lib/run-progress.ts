/**
 * Live state of a training run, folded from 'run.event' events. Pure, so the
 * training screen's behaviour (curves, progress, ETA) is unit-tested.
 */
import type { FinalMetrics, MetricPoint, RunEvent, RunStatus } from '../../../main/api/schemas.ts';

export type LiveRun = {
  runId: string;
  status: RunStatus;
  backend: string | null;
  paramCount: number | null;
  epochs: number;
  epoch: number;
  batch: number;
  batches: number;
  lastBatchLoss: number | null;
  learningRate: number | null;
  elapsedMs: number;
  etaMs: number | null;
  points: MetricPoint[];
  metrics: FinalMetrics | null;
  error: string | null;
};

export function initialLiveRun(runId: string, epochs: number): LiveRun {
  return {
    runId, status: 'queued', backend: null, paramCount: null, epochs, epoch: 0, batch: 0, batches: 0,
    lastBatchLoss: null, learningRate: null, elapsedMs: 0, etaMs: null, points: [], metrics: null, error: null,
  };
}

/** Returns the next state; events of other runs leave the state untouched (same object). */
export function applyRunEvent(state: LiveRun, event: RunEvent): LiveRun {
  if (event.runId !== state.runId) return state;
  switch (event.type) {
    case 'started':
      return { ...state, status: 'running', backend: event.backend, epochs: event.epochs, paramCount: event.paramCount };
    case 'batch':
      return { ...state, status: 'running', batch: event.batch, batches: event.batches, lastBatchLoss: event.loss };
    case 'epoch': {
      const points: MetricPoint[] = [];
      for (const [name, value] of Object.entries(event.train)) points.push({ epoch: event.epoch, split: 'train', name, value });
      for (const [name, value] of Object.entries(event.val)) points.push({ epoch: event.epoch, split: 'val', name, value });
      return {
        ...state, status: 'running', epoch: event.epoch, epochs: event.epochs, learningRate: event.learningRate,
        elapsedMs: event.elapsedMs, etaMs: event.etaMs, points: state.points.concat(points), batch: 0,
      };
    }
    case 'finished':
      return { ...state, status: event.status, metrics: event.metrics, error: event.error, etaMs: 0 };
    case 'diagnostics':
      return state; // the run's Diagnostics view reads them from the store
  }
}

/** Fraction done in [0, 1], counting batches within the current epoch. */
export function progressFraction(s: LiveRun): number {
  if (s.status !== 'running' && s.status !== 'queued') return s.status === 'completed' ? 1 : Math.min(1, s.epochs ? s.epoch / s.epochs : 0);
  if (!s.epochs) return 0;
  const within = s.batches ? s.batch / s.batches : 0;
  return Math.min(1, (s.epoch + within) / s.epochs);
}

export function isFinished(s: LiveRun): boolean {
  return s.status !== 'running' && s.status !== 'queued';
}
