/**
 * When the trainer runs the diagnostics probe (pure). Two bounds:
 * - time: the probes' total stays within MAX_PROBE_SHARE (3%) of the training
 *   time so far, whatever the model and dataset (on a 400-row table an epoch takes
 *   a few milliseconds and the probe about as long, so it runs every thirtieth
 *   epoch or so; on MNIST-sized data, every epoch or two);
 * - storage: at most MAX_RECORDED_EPOCHS probes, on an even stride.
 * The first epoch is always probed (it sets the baseline the update ratios and
 * the advisor's "since epoch" need); the last one whenever the budget allows.
 * So the overhead is at most MAX_PROBE_SHARE plus one probe.
 */

/**
 * The probes' own time budget, well under the bound (diagnostics on by default
 * at no more than 10% of training time): the schedule sees only the time
 * inside a probe on the training thread, and more comes with it on other
 * threads (V8 compiling the probe's code in a fresh worker, collecting its
 * garbage). bench/explain.ts measures whole runs both ways.
 */
export const MAX_PROBE_SHARE = 0.03;
/** A 200-point curve shows every trend; beyond it storage grows for nothing. */
export const MAX_RECORDED_EPOCHS = 200;

export type ProbeSchedule = {
  /** Whether to probe after epoch e (1-based) finishes training. */
  shouldProbe(epoch: number): boolean;
  /** The training time of an epoch, in ms. */
  addTraining(ms: number): void;
  /** The time a probe took, in ms. */
  addProbe(ms: number): void;
};

export function createProbeSchedule(totalEpochs: number, options: { maxShare?: number; maxRecords?: number } = {}): ProbeSchedule {
  const share = options.maxShare ?? MAX_PROBE_SHARE;
  const stride = Math.max(1, Math.ceil(totalEpochs / (options.maxRecords ?? MAX_RECORDED_EPOCHS)));
  let training = 0;
  let probing = 0;
  let lastProbe = 0;
  return {
    shouldProbe(epoch) {
      if (epoch === 1) return true;
      if (epoch !== totalEpochs && (epoch - 1) % stride !== 0) return false;
      // The next probe is expected to cost what the last one did.
      return probing + lastProbe <= share * training;
    },
    addTraining(ms) {
      training += ms;
    },
    addProbe(ms) {
      probing += ms;
      lastProbe = ms;
    },
  };
}
