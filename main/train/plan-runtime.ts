/**
 * The trainer's side of a TrainPlan (main/compression/types.ts), a plug-in of
 * the training loop (trainer.ts calls these in the worker): the starting model
 * (warm start), the teacher for distillation, the train step, the magnitude
 * pruner and the size report written with every completed run that had a plan.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { GradientClip, ModelSpec, PreprocessRecipe } from '../api/schemas.ts';
import { frozenAffine } from '../model/affine.ts';
import { TokenRemap } from '../model/layers/token-remap.ts';
import { teacherTable } from '../data/text/shared-encoding.ts';
import { readInputRecipe } from './artifacts.ts';
import { buildModel } from '../model/builder.ts';
import { loadModelFiles } from '../model/io.ts';
import { createTrainStep, type LossKind, type TrainStep } from './step.ts';
import { createDistillStep } from '../compression/distill/step.ts';
import { createPruner, type Pruner } from '../compression/magnitude/pruner.ts';
import { modelSize } from '../compression/size.ts';
import { modelInputShape, warmStartModel, type Io } from '../compression/transfer/warm-start.ts';
import type { ModelSize, TrainPlan } from '../compression/types.ts';
import type { LatencySettings } from '../measure/latency.ts';

/** Latency measured after every plan run, in the worker: the one measurer's defaults, with at most ~0.3 s of timing. */
export const RUN_LATENCY: Partial<LatencySettings> = { maxRepeats: 10, budgetMs: 300 };

export async function startModel(plan: TrainPlan | undefined, spec: ModelSpec, io: Io, seed: number): Promise<tf.LayersModel> {
  return plan?.init ? warmStartModel(plan.init, io, seed) : buildModel(spec, io, seed);
}

export async function loadTeacher(plan: TrainPlan | undefined, io: Io, recipe: PreprocessRecipe | null = null): Promise<tf.LayersModel | null> {
  if (!plan?.distill) return null;
  const teacher = await loadModelFiles(plan.distill.teacherDir);
  const shape = modelInputShape(teacher);
  const units = teacher.outputs[0]?.shape.at(-1);
  if (shape.join(',') !== io.inputShape.join(',') || units !== io.outputUnits) {
    teacher.dispose();
    throw new ApiError(
      'invalid_argument',
      `The teacher takes [${shape.join(', ')}] and predicts ${units} classes; the student's data is [${io.inputShape.join(', ')}] with ${io.outputUnits} classes.`,
    );
  }
  if (recipe?.text) {
    // A text teacher reads its own tokeniser's ids: the student's are mapped to them, or refused when they cannot be.
    let table: Float32Array | null;
    try {
      table = teacherTable(recipe.text, readInputRecipe(plan.distill.teacherDir)?.text ?? null);
    } catch (error) {
      teacher.dispose();
      throw error;
    }
    return table ? behindTokenRemap(teacher, table, io.inputShape) : teacher;
  }
  return plan.distill.rawInputs && recipe && recipe.method !== 'none' ? behindUndoneRecipe(teacher, recipe, io.inputShape) : teacher;
}

/** A text teacher fed the student's token ids through the table to its own ids. */
function behindTokenRemap(teacher: tf.LayersModel, table: Float32Array, inputShape: number[]): tf.LayersModel {
  const input = tf.input({ shape: inputShape, name: 'student_ids' });
  const remap = new TokenRemap({ size: table.length, name: 'student_to_teacher_ids' });
  const ids = remap.apply(input) as tf.SymbolicTensor;
  const wrapped = tf.model({ inputs: input, outputs: teacher.apply(ids) as tf.SymbolicTensor, name: 'teacher_on_student_ids' });
  const values = tf.tensor1d(table);
  remap.setWeights([values]);
  values.dispose();
  return wrapped;
}

/**
 * A teacher that takes raw features (a merged ensemble), fed the student's
 * preprocessed batch: x = x'·scale + center first, the inverse of the
 * student's recipe, so the teacher sees the rows the student sees.
 */
function behindUndoneRecipe(teacher: tf.LayersModel, recipe: PreprocessRecipe, inputShape: number[]): tf.LayersModel {
  const pending: (() => void)[] = [];
  const input = tf.input({ shape: inputShape, name: 'student_input' });
  const groups = recipe.center.length;
  const raw = frozenAffine(input, inputShape, { mean: new Float32Array(groups), gamma: recipe.scale, beta: recipe.center, perChannel: recipe.axis === 'channel' }, 'undo_student_recipe', pending);
  const wrapped = tf.model({ inputs: input, outputs: teacher.apply(raw) as tf.SymbolicTensor, name: 'teacher_on_raw_features' });
  for (const set of pending) set();
  // Disposing the wrapper disposes the teacher's layers it holds.
  return wrapped;
}

export function planStep(
  plan: TrainPlan | undefined,
  model: tf.LayersModel,
  teacher: tf.LayersModel | null,
  optimizer: tf.Optimizer,
  loss: LossKind,
  clip: GradientClip | undefined,
): TrainStep {
  if (plan?.distill && teacher) {
    if (loss !== 'categorical') throw new ApiError('invalid_argument', 'Distillation needs a classification dataset (soft targets are class probabilities).');
    return createDistillStep(model, teacher, optimizer, { temperature: plan.distill.temperature, alpha: plan.distill.alpha }, clip);
  }
  return createTrainStep(model, optimizer, loss, clip);
}

export function planPruner(plan: TrainPlan | undefined, model: tf.LayersModel, epochs: number): Pruner | null {
  return plan?.pruning ? createPruner(model, plan.pruning, epochs) : null;
}

/** Size of the saved model; a failed latency measurement must not fail a finished run. */
export async function runSize(model: tf.LayersModel, dir: string, inputShape: number[]): Promise<ModelSize> {
  try {
    return await modelSize(model, dir, { inputShape, ...RUN_LATENCY });
  } catch {
    return modelSize(model, dir);
  }
}
