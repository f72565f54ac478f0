/**
 * The distillation training step: the teacher predicts in inference mode (no
 * gradients, dropout off, batch-norm moving statistics), the student learns from
 * the soft targets and the labels (loss.ts). Same contract as createTrainStep in
 * main/train/step.ts: returns the loss read back, so NaN is caught at once.
 *
 * The teacher runs on `xs` itself, the batch the trainer built for this step
 * (shuffled rows, preprocessed, augmented): its targets always belong to the
 * student's rows, augmented ones included, and nothing is cached that could
 * fall out of step with the shuffle. It runs outside variableGrads, whose list
 * holds only the student's weights, so no gradient reaches the teacher.
 */
import * as tf from '@tensorflow/tfjs';
import type { GradientClip } from '../../api/schemas.ts';
import { clipGradients, type TrainStep } from '../../train/step.ts';
import { distillationLoss, type DistillWeights } from './loss.ts';
import { logitsFn } from './logits.ts';

export function createDistillStep(
  student: tf.LayersModel,
  teacher: tf.LayersModel,
  optimizer: tf.Optimizer,
  weights: DistillWeights,
  clip?: GradientClip,
): TrainStep {
  const studentLogits = logitsFn(student);
  const teacherLogits = logitsFn(teacher);
  const trainable = student.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  return (xs, ys) =>
    tf.tidy(() => {
      const soft = teacherLogits(xs, false);
      const { value, grads } = tf.variableGrads(() => {
        const base = distillationLoss(studentLogits(xs, true), soft, ys, weights);
        const regularisation = student.calculateLosses();
        return (regularisation.length ? tf.addN([base, ...regularisation]) : base) as tf.Scalar;
      }, trainable);
      optimizer.applyGradients(clipGradients(grads, clip));
      return value.dataSync()[0] as number;
    });
}
