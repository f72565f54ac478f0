/**
 * The wording of compression experiment step labels (pure, browser-safe).
 *
 * The engine stores a step's label as English text (ExperimentStep.label, the
 * step-started event, run names); drivers and the shrink search make it with
 * `formatStepLabel`, and the renderer reads it back with `parseStepLabel` to say
 * it in the UI's language by key and parameters. The texts are those the engine
 * has always stored, so older rows parse too; anything else parses to null and
 * is shown as it is.
 */
import { messageCodec, type PartsOf } from '../util/message-template.ts';

/** English templates by key (also the renderer's English catalogue). */
export const STEP_LABEL_TEXT = {
  baseline: 'baseline',
  teacher: 'teacher',
  teacherEnsemble: 'teacher (ensemble)',
  studentAlone: 'student alone',
  fromScratch: 'from scratch',
  source: 'source',
  importedModel: 'imported model',
  distilled: 'distilled (T={{temperature}}, α={{alpha}})',
  magnitude: 'magnitude {{schedule}} {{scope}} {{percent}}%',
  structured: 'structured {{criterion}} {{percent}}%',
  fineTuned: 'fine-tuned, {{freeze}} frozen',
  transferred: 'transferred, {{freeze}} frozen',
  width: 'width ×{{factor}}',
  vocabulary: 'vocabulary ×{{factor}}',
  removeLayer: 'remove layer {{layer}} ({{kind}})',
  removeConvPool: 'remove layers {{layer}}-{{next}} (conv2d + {{pool}})',
  swapFlatten: 'swap layer {{layer}} flatten → globalAvgPool2d',
  swapKernel: 'swap layer {{layer}} kernel {{kernel}} → 3',
} as const;

const POOLS = ['maxPool2d', 'avgPool2d'] as const;

/**
 * Each key's parameters. Layer numbers count from 1; `percent` is the target
 * sparsity in percent, to one decimal; `kind` is a layer kind of the spec.
 */
const STEP_LABEL_PARAMS = {
  baseline: {},
  teacher: {},
  teacherEnsemble: {},
  studentAlone: {},
  fromScratch: {},
  source: {},
  importedModel: {},
  distilled: { temperature: 'number', alpha: 'number' },
  magnitude: { schedule: ['oneshot', 'gradual'], scope: ['layer', 'global'], percent: 'number' },
  structured: { criterion: ['l1', 'l2', 'bn'], percent: 'number' },
  fineTuned: { freeze: 'number' },
  transferred: { freeze: 'number' },
  width: { factor: 'number' },
  vocabulary: { factor: 'number' },
  removeLayer: { layer: 'number', kind: 'text' },
  removeConvPool: { layer: 'number', next: 'number', pool: POOLS },
  swapFlatten: { layer: 'number' },
  swapKernel: { layer: 'number', kernel: 'number' },
} as const satisfies { [K in keyof typeof STEP_LABEL_TEXT]: unknown };

export type StepLabelParts = PartsOf<typeof STEP_LABEL_PARAMS>;
export type StepLabelKey = StepLabelParts['key'];

const codec = messageCodec(STEP_LABEL_TEXT, STEP_LABEL_PARAMS);

/** The English label the engine stores. */
export const formatStepLabel = (parts: StepLabelParts): string => codec.format(parts);

/** A stored label back to its key and parameters; null for text no template makes. */
export const parseStepLabel = (text: string): StepLabelParts | null => codec.parse(text);

/** A sparsity (0.5) as the labels write it: percent to one decimal (50). */
export const sparsityPercent = (sparsity: number): number => Math.round(sparsity * 1000) / 10;
