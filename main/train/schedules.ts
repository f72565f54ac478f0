/**
 * Learning-rate schedules, evaluated once per epoch. Pure maths: the trainer asks
 * for the rate of epoch e and hands it to the optimizer (see optimizers.ts).
 */
import type { LrSchedule } from '../api/schemas.ts';

/**
 * The learning rate for a 0-based `epoch` of a run of `totalEpochs` epochs.
 * - constant:     base
 * - step:         base · gamma^floor(epoch / stepSize)
 * - exponential:  base · gamma^epoch
 * - cosine:       min + (base − min)(1 + cos(π·t/T))/2, T = periodEpochs ?? totalEpochs.
 *   t is clamped to T so a run longer than the period stays at the minimum rather than
 *   climbing back up (no warm restarts: that would be a different schedule).
 */
export function learningRateAt(schedule: LrSchedule, baseLr: number, epoch: number, totalEpochs: number): number {
  switch (schedule.kind) {
    case 'constant':
      return baseLr;
    case 'step':
      return baseLr * Math.pow(schedule.gamma, Math.floor(epoch / schedule.stepSize));
    case 'exponential':
      return baseLr * Math.pow(schedule.gamma, epoch);
    case 'cosine': {
      const period = Math.max(1, schedule.periodEpochs ?? totalEpochs);
      const t = Math.min(Math.max(epoch, 0), period);
      const min = Math.min(schedule.minLearningRate, baseLr);
      return min + ((baseLr - min) * (1 + Math.cos((Math.PI * t) / period))) / 2;
    }
  }
}
