/**
 * Live view of an experiment, folded from 'experiment.event'. Pure, so the
 * progress shown on the detail screen is unit-tested; the step's own epochs
 * come from the child run's 'run.event' stream (state/live-runs).
 */
import type { ExperimentEvent, ExperimentStep } from '../../../main/api/contract.ts';

export type ExperimentLive = {
  experimentId: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted' | null;
  /** The step being trained or measured now. */
  current: { step: number; kind: string; label: string; runId: string | null } | null;
  finished: ExperimentStep[];
  error: string | null;
  bestStep: number | null;
};

export function initialExperimentLive(experimentId: string): ExperimentLive {
  return { experimentId, status: null, current: null, finished: [], error: null, bestStep: null };
}

/** Returns the next state; events of other experiments leave the state untouched (same object). */
export function applyExperimentEvent(state: ExperimentLive, e: ExperimentEvent): ExperimentLive {
  if (e.experimentId !== state.experimentId) return state;
  switch (e.type) {
    case 'experiment-started':
      return { ...state, status: 'running' };
    case 'step-started':
      return { ...state, status: 'running', current: { step: e.step, kind: e.kind, label: e.label, runId: e.runId } };
    case 'step-finished': {
      const finished = state.finished.filter((s) => s.step !== e.step.step).concat(e.step).sort((a, b) => a.step - b.step);
      return { ...state, finished, current: state.current?.step === e.step.step ? null : state.current };
    }
    case 'experiment-finished':
      return { ...state, status: e.status, error: e.error, bestStep: e.bestStep, current: null };
  }
}

