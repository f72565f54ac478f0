/**
 * Argument schemas of the compression and experiment calls (contract.ts lists
 * them). Kept here so the contract stays a table of calls; zod only, no tfjs,
 * because the renderer imports the contract.
 */
import { z } from 'zod';
import { ModelSpec } from '../api/schemas.ts';
import { DISTILL_DEFAULTS } from './defaults.ts';

const id = z.string().min(1).max(100);
const name = z.string().trim().min(1).max(200);
const epochs = z.number().int().min(1).max(10000);
const learningRate = z.number().positive().max(10);

/** Sparsity / ratio of removed weights: a fraction in [0, 1). */
export const fraction = z
  .number({ message: 'the target sparsity must be a number in [0, 1)' })
  .min(0, 'the target sparsity must be in [0, 1) (e.g. 0.8 removes 80% of the weights); got a negative number')
  .lt(1, 'the target sparsity must be in [0, 1) (e.g. 0.8 removes 80% of the weights); 1 or more would remove every weight');

export const PruneRequest = z
  .object({
    runId: id,
    method: z.enum(['magnitude', 'structured']).default('magnitude'),
    /** Magnitude: fraction of kernel weights set to zero. Structured: fraction of units / filters removed per layer. */
    targetSparsity: fraction,
    schedule: z.enum(['oneshot', 'gradual']).default('gradual'),
    scope: z.enum(['layer', 'global']).default('layer'),
    /** Structured only: how units are ranked. */
    criterion: z.enum(['l1', 'l2', 'bn']).default('l1'),
    /** Limit pruning to these layers (model layer names, e.g. dense_1, conv2d_3). */
    layers: z.array(z.string().min(1).max(200)).max(200).optional(),
    /** Fine-tuning epochs; default: the base run's. */
    epochs: epochs.optional(),
    learningRate: learningRate.optional(),
    name: name.optional(),
  })
  .strict();

export const ShrinkRequest = z
  .object({
    runId: id,
    /** Largest allowed drop of the validation metric (accuracy for classification, r2 for regression), e.g. 0.01 = 1 point. */
    tolerance: z.number().min(0).max(1).default(0.01),
    /** Trained candidates at most (the baseline not counted). */
    maxCandidates: z.number().int().min(1).max(100).default(8),
    epochs: epochs.optional(),
    name: name.optional(),
  })
  .strict();

export const DistillRequest = z
  .object({
    /** The teacher: a completed run … */
    teacherRunId: id.optional(),
    /** … or a completed classification ensemble (its merged model; main/ensemble). Exactly one of the two. */
    teacherEnsembleId: id.optional(),
    student: ModelSpec,
    /**
     * Softening of both distributions in the soft term. Defaults T = 1, α = 0.3 were tuned on MNIST 10k, teacher
     * cnn-reference, student flatten → dense 32, 8 epochs, seeds 21–23 (not the benchmark's 11–13): every T ≥ 2
     * lost 0.5–2 points of val accuracy against the student trained alone (T = 4, α = 0.7, the former defaults:
     * −1.7), the loss growing with T and, at T ≥ 2, with α; T = 1, α = 0.3 was level with it (+0.07, within noise).
     * A small student on a short budget cannot also match the teacher's softened logits; raise T and α for
     * students with more capacity or more epochs. See docs/compression-api.md.
     */
    temperature: z.number().gt(0).max(100).default(DISTILL_DEFAULTS.temperature),
    /** Weight of the soft (teacher) term; 1 − alpha weighs the hard labels. */
    alpha: z.number().min(0).max(1).default(DISTILL_DEFAULTS.alpha),
    epochs: epochs.optional(),
    learningRate: learningRate.optional(),
    name: name.optional(),
  })
  .strict();

export const FinetuneRequest = z
  .object({
    /** A stored run's model … */
    runId: id.optional(),
    /** … or an external tfjs Layers model: its model.json or the folder holding it. */
    modelPath: z.string().min(1).max(4096).optional(),
    datasetId: id,
    /** Freeze the first k layers (spec layers for Modelbench models). */
    freeze: z.number().int().min(0).max(500).default(0),
    /** Replace the output layer; default: when the dataset or its classes differ from the source's. */
    newHead: z.boolean().optional(),
    learningRate: learningRate.optional(),
    epochs: epochs.optional(),
    /** Also train the same architecture from scratch on the dataset, for comparison. */
    scratch: z.boolean().default(true),
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    name: name.optional(),
  })
  .strict()
  .refine((r) => (r.runId === undefined) !== (r.modelPath === undefined), 'give exactly one of runId (a stored run) or modelPath (an external model.json)');

export const ExperimentId = z.object({ experimentId: id }).strict();
export const RunSizeRequest = z.object({ runId: id, latency: z.boolean().default(true) }).strict();

export type PruneRequest = z.output<typeof PruneRequest>;
export type ShrinkRequest = z.output<typeof ShrinkRequest>;
export type DistillRequest = z.output<typeof DistillRequest>;
export type FinetuneRequest = z.output<typeof FinetuneRequest>;
