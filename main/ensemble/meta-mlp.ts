/**
 * The small-MLP meta-learner for stacking: one hidden ReLU layer and the task's
 * head, built by the model builder and trained with the trainer's step
 * (main/train/step.ts) on the out-of-fold meta-features, seeded (init and
 * batch order), on the current thread's tfjs backend. Its weights come back as
 * a MetaModel, the same form the pure meta-learners produce, so predictMeta
 * and merge.ts treat all three alike.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import { META_MLP_MAX_EPOCHS, META_MLP_MAX_HIDDEN } from '../limits.ts';
import { Optimizer } from '../api/schemas.ts';
import { buildModel } from '../model/builder.ts';
import { gatherRows, gatherValues } from '../train/batches.ts';
import { createOptimizer, disposeOptimizer } from '../train/optimizers.ts';
import { createTrainStep } from '../train/step.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { checkIntOption } from './math/options.ts';
import { checkMetaData, targetWidth, type DenseParams, type MetaData, type MetaLearner, type MetaModel } from './math/meta.ts';

export type MlpMetaOptions = { hidden?: number; epochs?: number; batchSize?: number; learningRate?: number; seed?: number };


export function mlpMetaLearner(options: MlpMetaOptions = {}): MetaLearner {
  return { kind: 'mlp', fit: (data) => fitMlpMeta(data, options) };
}

export async function fitMlpMeta(data: MetaData, options: MlpMetaOptions = {}): Promise<MetaModel> {
  const hidden = options.hidden ?? 16;
  const epochs = options.epochs ?? 200;
  const batchSize = options.batchSize ?? 64;
  const seed = options.seed ?? 0;
  checkIntOption("the MLP meta-learner's hidden units", hidden, 1, META_MLP_MAX_HIDDEN);
  checkIntOption("the MLP meta-learner's epochs", epochs, 1, META_MLP_MAX_EPOCHS);
  checkIntOption("the MLP meta-learner's batch size", batchSize, 1, 65536);
  const { features, rows, cols, targets, task, outputs } = data;
  checkMetaData(data);
  const width = targetWidth(data);
  const model = buildModel(
    { layers: [{ kind: 'dense', units: hidden, activation: 'relu', useBias: true }] },
    { inputShape: [cols], outputUnits: outputs, task },
    deriveSeed(seed, 'meta-mlp'),
  );
  const optimizer = createOptimizer(Optimizer.parse({ kind: 'adam', learningRate: options.learningRate ?? 0.01 }));
  try {
    const step = createTrainStep(model, optimizer, task === 'classification' ? 'categorical' : 'mse');
    const y = Float32Array.from(targets);
    const order = Int32Array.from({ length: rows }, (_, i) => i);
    const rng = createRng(deriveSeed(seed, 'meta-mlp-shuffle'));
    for (let e = 0; e < epochs; e++) {
      rng.shuffle(order);
      for (let start = 0; start < rows; start += batchSize) {
        const end = Math.min(start + batchSize, rows);
        const xs = tf.tensor2d(gatherRows(features, cols, order, start, end), [end - start, cols]);
        const ys = task === 'regression' ? tf.tensor2d(gatherRows(y, width, order, start, end), [end - start, width]) : tf.tensor1d(gatherValues(y, order, start, end));
        try {
          const loss = step(xs, ys);
          if (!Number.isFinite(loss)) throw new ApiError('invalid_argument', `the MLP meta-learner diverged (loss ${loss}) at epoch ${e + 1}; lower its learning rate`);
        } finally {
          tf.dispose([xs, ys]);
        }
      }
    }
    const dense = model.layers.filter((l) => l.getClassName() === 'Dense');
    const activations = ['relu', task === 'classification' ? 'softmax' : 'linear'] as const;
    const layers: DenseParams[] = dense.map((l, i) => {
      const [kernel, bias] = l.getWeights();
      const [inputs, units] = kernel.shape as [number, number];
      return { inputs, units, kernel: Float32Array.from(kernel.dataSync()), bias: Float32Array.from(bias.dataSync()), activation: activations[i] };
    });
    return { kind: 'mlp', layers };
  } finally {
    disposeOptimizer(optimizer);
    model.dispose();
  }
}
