/**
 * The rules on the loss curves: overfitting, underfitting, lr_too_high and
 * lr_too_low. Thresholds and their reasons are in thresholds.ts.
 */
import { firstNonFinite } from '../../train/divergence.ts';
import { argmin, fallingShare, halfDropRatio, plateauStart, relativeDrop, risingShare, smooth } from '../curves.ts';
import { earlyStopping, firstOf, insertAfterWeighted, scaleLearningRate, widen } from './changes.ts';
import { because } from './evidence.ts';
import { REMEDIES } from './remedies.ts';
import * as T from './thresholds.ts';
import type { AdvisorInput, Finding, Rule } from './types.ts';

/** What "a high loss" is measured against: the constant predictor's loss, else the first epoch's. */
const lossScale = (input: AdvisorInput, train: number[]) => input.baselineLoss ?? train[0];

export const lrTooHigh: Rule = (input) => {
  const { curves } = input;
  const train = curves.map((c) => c.trainLoss);
  const base = { code: 'lr_too_high' as const, layer: null, remedy: REMEDIES.lr_too_high, change: input.config ? scaleLearningRate(input.config, 0.1) : null };
  const bad = firstNonFinite(train);
  if (bad >= 0 || input.status === 'diverged') {
    const at = bad >= 0 ? bad : train.length - 1;
    const evidence = bad >= 0 ? because('divergedAt', { value: train[bad], epoch: curves[bad].epoch }) : because('diverged', {});
    return [{ ...base, severity: 'serious', epoch: curves[at]?.epoch ?? null, ...evidence, measures: {} }];
  }
  const last = train[train.length - 1];
  if (input.baselineLoss !== undefined && train.length >= 2 && last > T.LR_HIGH_ABOVE_BASELINE * input.baselineLoss) {
    const at = train.findIndex((v) => v > T.LR_HIGH_ABOVE_BASELINE * (input.baselineLoss as number));
    const stuck = Boolean(input.diagnostics?.length && input.diagnostics[input.diagnostics.length - 1].gradNorm === 0);
    return [
      {
        ...base,
        severity: 'serious',
        epoch: curves[at].epoch,
        ...because(stuck ? 'worseThanConstantStuck' : 'worseThanConstant', { loss: last, lossRatio: last / input.baselineLoss, baseline: input.baselineLoss }),
        measures: { lossOverBaseline: last / input.baselineLoss },
      },
    ];
  }
  if (train.length < T.MIN_EPOCHS) return [];
  const growth = last / train[0];
  if (growth > T.LR_HIGH_BLOWUP) {
    const at = train.findIndex((v) => v > train[0] * T.LR_HIGH_BLOWUP);
    return [{ ...base, severity: 'serious', epoch: curves[at].epoch, ...because('lossBlewUp', { lossGrowth: growth, first: train[0], last }), measures: { growth } }];
  }
  const share = risingShare(train, T.NOISE_RISE);
  if (share < T.LR_HIGH_RISING_SHARE) return [];
  const first = train.findIndex((v, i) => i > 0 && v > train[i - 1] * (1 + T.NOISE_RISE));
  return [{ ...base, severity: 'warning', epoch: curves[first].epoch, ...because('lossOscillates', { share }), measures: { risingShare: share } }];
};

export const lrTooLow: Rule = (input) => {
  const train = input.curves.map((c) => c.trainLoss);
  if (train.length < T.MIN_EPOCHS + 1 || firstNonFinite(train) >= 0) return [];
  const falling = fallingShare(train);
  const ratio = halfDropRatio(train);
  const drop = relativeDrop(train[0], train[train.length - 1]);
  if (falling < T.LR_LOW_FALLING_SHARE || ratio < T.LR_LOW_HALF_RATIO || drop >= T.LR_LOW_MAX_DROP || drop <= 0) return [];
  return [
    {
      code: 'lr_too_low',
      severity: 'warning',
      layer: null,
      epoch: input.curves[0].epoch,
      ...because('slowDescent', { drop, epochs: train.length, halfRatio: ratio }),
      remedy: REMEDIES.lr_too_low,
      change: input.config ? scaleLearningRate(input.config, 10) : null,
      measures: { drop, halfDropRatio: ratio, fallingShare: falling },
    },
  ];
};

export const underfitting: Rule = (input) => {
  const { curves } = input;
  const train = curves.map((c) => c.trainLoss);
  if (train.length < T.MIN_EPOCHS || firstNonFinite(train) >= 0) return [];
  const last = train[train.length - 1];
  const start = plateauStart(train, T.PLATEAU_TOLERANCE);
  const scale = lossScale(input, train);
  const val = curves[curves.length - 1].valLoss;
  const gap = val !== undefined && Number.isFinite(val) ? (val - last) / last : 0;
  if (train.length - start < T.PLATEAU_SHARE * train.length || last < T.UNDERFIT_LOSS_SHARE * scale || gap > T.UNDERFIT_MAX_GAP) return [];
  // Worse than a constant prediction is not too little capacity but a broken run: lr_too_high says so.
  if (input.baselineLoss !== undefined && last > T.LR_HIGH_ABOVE_BASELINE * input.baselineLoss) return [];
  return [
    {
      code: 'underfitting',
      severity: 'warning',
      layer: null,
      epoch: curves[start].epoch,
      ...because(
        input.baselineLoss !== undefined ? (val !== undefined ? 'plateauVsConstant' : 'plateauVsConstantNoVal') : val !== undefined ? 'plateauVsFirst' : 'plateauVsFirstNoVal',
        { loss: last, epoch: curves[start].epoch, share: last / scale, ...(val !== undefined ? { val } : {}) },
      ),
      remedy: REMEDIES.underfitting,
      change: input.config ? widen(input.config) : null,
      measures: { loss: last, lossShare: last / scale, plateauEpochs: train.length - start },
    },
  ];
};

export const overfitting: Rule = (input) => {
  const curves = input.curves.filter((c) => c.valLoss !== undefined);
  if (curves.length < T.MIN_EPOCHS) return [];
  const train = curves.map((c) => c.trainLoss);
  const val = curves.map((c) => c.valLoss as number);
  if (firstNonFinite(train) >= 0 || firstNonFinite(val) >= 0) return [];
  const change = input.config
    ? firstOf(earlyStopping(input.config), insertAfterWeighted(input.config, { kind: 'dropout', rate: 0.3 }, 'dropout 0.3 after every dense and conv layer'))
    : null;
  const base = { code: 'overfitting' as const, layer: null, remedy: REMEDIES.overfitting, change };
  // The smoothed curve's minimum resists a lone dip; the raw minimum next to it marks the epoch.
  const smoothed = smooth(val);
  const around = argmin(smoothed);
  const best = [around - 1, around, around + 1].filter((i) => i >= 0 && i < val.length).reduce((a, b) => (val[b] < val[a] ? b : a));
  const last = curves.length - 1;
  const rise = (smoothed[last] - smoothed[best]) / smoothed[best];
  const findings: Finding[] = [];
  if (last - best >= 2 && rise > T.OVERFIT_VAL_RISE && train[last] < train[best]) {
    findings.push({
      ...base,
      severity: rise > T.OVERFIT_SERIOUS_RISE ? 'serious' : 'warning',
      epoch: curves[best].epoch,
      ...because('validationRose', { bestEpoch: curves[best].epoch, best: val[best], rise, trainBest: train[best], trainLast: train[last] }),
      measures: { rise, bestEpoch: curves[best].epoch },
    });
    return findings;
  }
  const minGap = T.OVERFIT_MIN_GAP_SHARE * lossScale(input, input.curves.map((c) => c.trainLoss));
  const apart = (i: number) => val[i] >= T.OVERFIT_GAP_RATIO * train[i] && val[i] - train[i] >= minGap;
  if (!apart(last)) return findings;
  let from = last;
  while (from > 0 && apart(from - 1)) from--;
  findings.push({
    ...base,
    severity: 'warning',
    epoch: curves[from].epoch,
    ...because('validationGap', { val: val[last], lossRatio: val[last] / train[last], train: train[last], epoch: curves[from].epoch }),
    measures: { ratio: val[last] / train[last] },
  });
  return findings;
};
