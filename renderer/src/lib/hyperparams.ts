/** Defaults for the hyperparameter form, mirroring schemas.ts. */
import { DiagnosticsSettings, TextOptions, type Augmentation, type GradientClip, type HyperParams, type HyperParamsInput, type LrSchedule, type Optimizer } from '../../../main/api/schemas.ts';

export const OPTIMIZER_KINDS = ['adam', 'sgd', 'momentum', 'rmsprop'] as const satisfies readonly Optimizer['kind'][];
export const SCHEDULE_KINDS = ['constant', 'step', 'exponential', 'cosine'] as const satisfies readonly LrSchedule['kind'][];

export function defaultOptimizer(kind: Optimizer['kind'], learningRate?: number): Optimizer {
  switch (kind) {
    case 'sgd': return { kind, learningRate: learningRate ?? 0.01 };
    case 'momentum': return { kind, learningRate: learningRate ?? 0.01, momentum: 0.9, nesterov: false };
    case 'adam': return { kind, learningRate: learningRate ?? 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };
    case 'rmsprop': return { kind, learningRate: learningRate ?? 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7 };
  }
}

export function defaultSchedule(kind: LrSchedule['kind']): LrSchedule {
  switch (kind) {
    case 'constant': return { kind };
    case 'step': return { kind, stepSize: 10, gamma: 0.5 };
    case 'exponential': return { kind, gamma: 0.95 };
    case 'cosine': return { kind, minLearningRate: 0 };
  }
}

export function defaultClip(kind: GradientClip['kind']): GradientClip {
  return kind === 'norm' ? { kind, maxNorm: 1 } : { kind, maxValue: 1 };
}

export const DEFAULT_AUGMENTATION: Augmentation = {
  flipHorizontal: false, flipVertical: false, rotateDegrees: 0, scale: 0, cropPadding: 0,
  brightness: 0, contrast: 0, noiseStd: 0, erasingProbability: 0,
};

export function defaultHyperParams(): HyperParams {
  return {
    optimizer: defaultOptimizer('adam'),
    schedule: defaultSchedule('constant'),
    batchSize: 32,
    epochs: 20,
    preprocess: 'standardize',
    targetScaling: 'standardize',
    split: { validation: 0.15, test: 0.15, stratify: true },
  };
}

/** Whether any augmentation is switched on (an all-zero one is sent as "none"). */
export function augmentationActive(a: Augmentation): boolean {
  return Object.values(a).some((v) => v === true || (typeof v === 'number' && v > 0));
}

/** Fills a preset's partial hyperparameters (schema input, defaults omitted) into a complete form state. */
export function mergeHyperParams(input: HyperParamsInput): HyperParams {
  const base = defaultHyperParams();
  const opt = input.optimizer ? ({ ...defaultOptimizer(input.optimizer.kind), ...input.optimizer } as Optimizer) : base.optimizer;
  const schedule = input.schedule ? ({ ...defaultSchedule(input.schedule.kind), ...input.schedule } as LrSchedule) : base.schedule;
  const early = input.earlyStopping ? { monitor: 'val_loss' as const, patience: 5, minDelta: 0, restoreBestWeights: true, ...input.earlyStopping } : undefined;
  const augmentation = input.augmentation ? { ...DEFAULT_AUGMENTATION, ...input.augmentation } : undefined;
  return {
    optimizer: opt,
    schedule,
    batchSize: input.batchSize ?? base.batchSize,
    epochs: input.epochs ?? base.epochs,
    preprocess: input.preprocess ?? base.preprocess,
    targetScaling: input.targetScaling ?? base.targetScaling,
    split: { ...base.split, ...input.split },
    ...(early ? { earlyStopping: early } : {}),
    ...(input.gradientClip ? { gradientClip: input.gradientClip } : {}),
    ...(augmentation ? { augmentation } : {}),
    // A text preset's tokeniser and a run's diagnostics settings, completed by their own schemas.
    ...(input.text ? { text: TextOptions.parse(input.text) } : {}),
    ...(input.diagnostics ? { diagnostics: DiagnosticsSettings.parse(input.diagnostics) } : {}),
  };
}
