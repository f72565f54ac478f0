/**
 * The trainer's side of the training diagnostics: a probe (main/diagnose/
 * tf-probe.ts) on a fixed batch of the split's first validation rows, run after
 * the epochs the schedule (main/diagnose/schedule.ts) picks so that probing
 * costs at most 10% of the training time (3% budgeted for the probes
 * themselves), on at most 200 epochs and within MAX_RUN_DIAGNOSTICS_BYTES per
 * run. The trainer calls afterEpoch() once per epoch and emits what it returns
 * as a 'diagnostics' event.
 *
 * Diagnostics never fail a run: a model the probe cannot take, or a probe that
 * throws, switches them off for the rest of the run.
 */
import type * as tf from '@tensorflow/tfjs';
import type { DiagnosticsSettings } from '../api/schemas.ts';
import { createProbeSchedule, MAX_RECORDED_EPOCHS, type ProbeSchedule } from '../diagnose/schedule.ts';
import { createDiagnosticsProbe, type DiagnosticsProbe } from '../diagnose/tf-probe.ts';
import { BYTES_PER_LAYER_EPOCH, type EpochDiagnostics } from '../diagnose/types.ts';
import { MAX_RUN_DIAGNOSTICS_BYTES } from '../limits.ts';
import { gatherRows, gatherValues } from './batches.ts';
import type { LossKind } from './step.ts';

/** Probe rows when hyperparams.diagnostics leaves them out. */
export const DEFAULT_PROBE_ROWS = 128;

export type RunDiagnostics = {
  /**
   * Call after each epoch (1-based) has trained and been evaluated: the time
   * since the previous call (or since start) counts as training time. Returns
   * the epoch's diagnostics when the schedule probes it, else null.
   */
  afterEpoch(epoch: number): EpochDiagnostics | null;
  dispose(): void;
};

export type DiagnosticsInput = {
  settings: DiagnosticsSettings | undefined;
  model: tf.LayersModel;
  /** Preprocessed inputs and training targets of every dataset row (what the model trains on). */
  x: Float32Array;
  y: Float32Array;
  inputShape: number[];
  /** The split's validation rows; the probe takes the first probeRows of them. */
  valRows: Int32Array;
  loss: LossKind;
  epochs: number;
};

/** Epochs a run may record: the schedule's 200, fewer when a record of every layer would pass the byte bound. */
export function recordLimit(layers: number): number {
  return Math.max(1, Math.min(MAX_RECORDED_EPOCHS, Math.floor(MAX_RUN_DIAGNOSTICS_BYTES / (Math.max(1, layers) * BYTES_PER_LAYER_EPOCH))));
}

/** Starts the clock of the first epoch; null when diagnostics are off or the model cannot be probed. */
export function startRunDiagnostics(input: DiagnosticsInput): RunDiagnostics | null {
  if (input.settings?.enabled === false || input.valRows.length === 0) return null;
  const n = Math.min(input.settings?.probeRows ?? DEFAULT_PROBE_ROWS, input.valRows.length);
  const size = input.inputShape.reduce((a, b) => a * b, 1);
  let probe: DiagnosticsProbe | null;
  try {
    probe = createDiagnosticsProbe(input.model, { x: gatherRows(input.x, size, input.valRows, 0, n), y: gatherValues(input.y, input.valRows, 0, n), n }, input.loss);
  } catch {
    return null;
  }
  // model.layers bounds the probe's tracked layers from above, so the byte bound holds.
  const schedule: ProbeSchedule = createProbeSchedule(input.epochs, { maxRecords: recordLimit(input.model.layers.length) });
  let mark = performance.now();
  return {
    afterEpoch(epoch) {
      const now = performance.now();
      schedule.addTraining(now - mark);
      mark = now;
      if (!probe || !schedule.shouldProbe(epoch)) return null;
      try {
        return probe.measure(epoch);
      } catch {
        probe.dispose();
        probe = null;
        return null;
      } finally {
        const after = performance.now();
        schedule.addProbe(after - mark);
        mark = after;
      }
    },
    dispose() {
      probe?.dispose();
      probe = null;
    },
  };
}
