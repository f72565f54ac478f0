/**
 * One training run, start to finish, on the current thread's tfjs backend:
 * split → fit preprocessing on the training rows → build → epochs of seeded
 * mini-batches → evaluate → early stopping → test metrics → artifacts.
 *
 * Everything random draws from the run seed (split, init, shuffle, augmentation,
 * train-metric subsample), so the same RunConfig and data replay exactly on a
 * deterministic backend. The engine never calls this on its own thread: it goes
 * through TrainerPool (pool.ts), which runs it in a worker.
 *
 * Numbering: epochs and batches in events, error messages and bestEpoch are 1-based.
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, FinalMetrics, MetricValues, PreprocessRecipe, RunConfig, RunEvent, RunStatus } from '../api/schemas.ts';
import type { DatasetTensors } from '../data/types.ts';
import { splitIndices } from '../data/split.ts';
import { fitTargetScaling, scaleTargets } from '../data/preprocess.ts';
import { prepareInputs } from '../data/prepare.ts';
import { augmentBatch } from '../data/augment/index.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import { saveModelFiles } from '../model/io.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { createOptimizer, disposeOptimizer, setLearningRate } from './optimizers.ts';
import { learningRateAt } from './schedules.ts';
import { initialEarlyStop, updateEarlyStop } from './early-stopping.ts';
import { boundedSample, gatherRows, rowSize } from './batches.ts';
import { evaluateRows } from './evaluate.ts';
import { disposeSnapshot, restoreWeights, snapshotWeights, type WeightSnapshot } from './best-weights.ts';
import { writeRecipe, writeSplit } from './artifacts.ts';
import { passEpoch, type EpochGate } from './epoch-gate.ts';
import { batchDivergence, epochDivergence, firstNonFinite, trivialLoss, type DivergenceContext } from './divergence.ts';
import type { ModelSize, TrainPlan } from '../compression/types.ts';
import type { WorkerMemory } from './protocol.ts';
import { loadTeacher, planPruner, planStep, runSize, startModel } from './plan-runtime.ts';
import { modelFlops } from '../compression/flops.ts';
import { startRunDiagnostics } from './diagnostics.ts';

export type TrainInput = {
  runId: string;
  config: RunConfig;
  meta: DatasetMeta;
  /** Full dataset; the trainer splits it with config.seed. Never mutated. */
  data: DatasetTensors;
  /** Where model.json/weights.bin, recipe.json and split.json go (only for completed runs). */
  artifactDir: string;
  /**
   * Compression / reuse (main/compression/types.ts): warm start from a stored
   * model (new head, frozen layers), magnitude pruning with masks enforced after
   * every step, distillation from a teacher. Absent = plain training.
   */
  plan?: TrainPlan;
  /** Ensemble members (main/ensemble): which training rows, with which weights, targets, features and seed. */
  rows?: TrainRows;
  /**
   * Set by the run lifecycle when the run's owner judges every epoch (a study's
   * pruner): after each epoch the trainer waits until it is released, so a
   * stop lands exactly after the epoch it was decided on (epoch-gate.ts).
   */
  epochGate?: EpochGate;
};

/**
 * What an ensemble member trains on, within the split of config.seed (whose
 * validation and test rows never change, so every member is measured on the
 * same rows):
 * - train: dataset row indices, each one of the split's training rows, repeats
 *   allowed (a bootstrap: a row drawn twice is trained on twice per epoch); the
 *   preprocessing recipe and the target scaling are fitted on its distinct rows;
 * - sampleWeights (one per entry of train, mean 1 by convention): each batch's
 *   loss is Σ wᵢ·lossᵢ / Σ wᵢ (AdaBoost);
 * - targets (regression, one per dataset row): replace y everywhere, training
 *   and the run's own metrics (gradient boosting's residuals);
 * - featureMask (one per feature): features marked 0 are set to 0 after
 *   preprocessing, in training and evaluation (bagging's random subspaces);
 * - seed: initialisation, shuffling and augmentation draw from it instead of
 *   config.seed, so members on one split differ (default config.seed).
 */
export type TrainRows = {
  train: Int32Array;
  sampleWeights?: Float32Array;
  targets?: Float32Array;
  featureMask?: Uint8Array;
  seed?: number;
};

export type TrainResult = {
  status: RunStatus;
  metrics: FinalMetrics;
  epochsDone: number;
  error: string | null;
  backend: string;
  paramCount: number;
  flops: number;
  recipe: PreprocessRecipe | null;
  /** Size of the saved model, for runs with a plan (main/compression/size.ts). */
  size?: ModelSize;
  /** The training worker's memory after the job (set by worker.ts; the pool recycles big workers on it). */
  worker?: WorkerMemory;
};

export type TrainHooks = { onEvent(e: RunEvent): void; signal?: AbortSignal };

/** Train metrics (accuracy, f1, …) are measured on at most this many training rows per epoch. */
const TRAIN_EVAL_LIMIT = 2048;
/** At most ~10 'batch' events per second: the UI cannot draw more and the IPC would pay for them. */
const BATCH_EVENT_MS = 100;
/** Give the event loop a turn this often, so an abort (worker message, timer) can arrive mid-epoch. */
const YIELD_MS = 20;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

type EpochRecord = { train: MetricValues; val: MetricValues };
type Owned = { model: tf.LayersModel | null; optimizer: tf.Optimizer | null; best: WeightSnapshot | null; disposers: (() => void)[] };

export async function trainRun(input: TrainInput, hooks: TrainHooks): Promise<TrainResult> {
  const result: TrainResult = {
    status: 'failed', metrics: {}, epochsDone: 0, error: null,
    backend: tf.getBackend(), paramCount: 0, flops: 0, recipe: null,
  };
  const owned: Owned = { model: null, optimizer: null, best: null, disposers: [] };
  try {
    await runLoop(input, hooks, result, owned);
  } catch (error) {
    result.status = 'failed';
    result.error = error instanceof Error ? error.message : String(error);
  } finally {
    disposeSnapshot(owned.best);
    for (const dispose of owned.disposers) dispose();
    owned.model?.dispose();
    if (owned.optimizer) disposeOptimizer(owned.optimizer);
  }
  // No 'finished' event: the run lifecycle (main/run/lifecycle.ts) announces it once the final state is stored.
  return result;
}

async function runLoop(
  input: TrainInput,
  hooks: TrainHooks,
  result: TrainResult,
  owned: Owned,
): Promise<void> {
  const { runId, config, meta } = input;
  const hp = config.hyperparams;
  const { task, inputShape } = meta;
  const size = rowSize(inputShape);
  const outputUnits = outputUnitsFor(task, meta.classes);
  // Regression targets per sample: one, or a forecast's horizon steps.
  const width = task === 'regression' ? outputUnits : 1;
  const numSamples = input.data.y.length / width;
  // A text dataset's x holds its numeric columns; prepareInputs checks it against the texts.
  if (numSamples === 0 || !Number.isInteger(numSamples) || (!input.data.texts && input.data.x.length !== numSamples * size)) {
    throw new ApiError('bad_data', `dataset has ${input.data.x.length} values for ${numSamples} samples of shape [${inputShape}]`);
  }
  const numClasses = task === 'classification' ? meta.classes.length : 0;

  const split = splitIndices(input.data.y, task, hp.split, config.seed, input.data.parts);
  if (split.train.length === 0 || split.val.length === 0) {
    throw new ApiError('bad_data', `too few samples (${numSamples}) to split into training and validation sets`);
  }
  const rows = input.rows ? checkRows(input.rows, split.train, numSamples, size, task, input.plan, width) : null;
  const fitRows = rows ? rows.distinct : split.train;
  const y = rows?.targets ?? input.data.y;
  // Fit on training rows only (scaling, or a text dataset's tokeniser): validation/test rows would leak into training.
  // A text member of an ensemble (rows: a bootstrap, a fold) fits its tokeniser on the whole training split, which sees
  // no labels, so members of one spec share one tokeniser and the merged ensemble one input (main/data/text/shared-encoding.ts).
  const prepared = prepareInputs(hp, config.spec, meta, input.data, meta.info?.text ? split.train : fitRows);
  const recipe = prepared.recipe;
  // Regression trains on standardised targets (by default); evaluation maps predictions back.
  const target = task === 'regression' ? fitTargetScaling(hp.targetScaling, y, fitRows, width) : undefined;
  if (target) recipe.target = target;
  result.recipe = recipe;
  const data = { x: prepared.x, y };
  if (rows?.featureMask) maskFeatures(data.x, rows.featureMask);
  const trainTargets = target ? scaleTargets(target, y) : y;
  const seed = rows?.seed ?? config.seed;

  const io = { inputShape, outputUnits, task };
  const plan = input.plan;
  const model = (owned.model = await startModel(plan, config.spec, io, seed));
  const optimizer = (owned.optimizer = createOptimizer(hp.optimizer));
  const teacher = await loadTeacher(plan, io, recipe);
  if (teacher) owned.disposers.push(() => teacher.dispose());
  const step = planStep(plan, model, teacher, optimizer, task === 'regression' ? 'mse' : 'categorical', hp.gradientClip);
  const pruner = planPruner(plan, model, hp.epochs);
  if (pruner) owned.disposers.push(() => pruner.dispose());
  result.paramCount = model.countParams();
  // A warm-started model may differ from any spec (new head, imported, structurally pruned): price the model itself.
  const count = plan?.init ? null : analyseSpec(config.spec, inputShape, outputUnits);
  result.flops = count ? (count.ok ? count.flops : 0) : modelFlops(model);
  hooks.onEvent({ type: 'started', runId, backend: result.backend, epochs: hp.epochs, paramCount: result.paramCount });

  const shuffleRng = createRng(deriveSeed(seed, 'shuffle'));
  const augmentRng = createRng(deriveSeed(seed, 'augment'));
  const trainEvalRows = boundedSample(fitRows, TRAIN_EVAL_LIMIT, (a) => createRng(deriveSeed(seed, 'train-eval')).shuffle(a));
  const evalBatch = Math.max(hp.batchSize, 256); // inference needs no gradients: bigger batches are cheaper
  const evaluate = (rows: Int32Array) => evaluateRows(model, data, inputShape, rows, task, numClasses, evalBatch, target, width);

  // Without an earlyStopping config the same machine still tracks the best epoch (by val_loss) for reporting.
  const es = hp.earlyStopping;
  let stopper = initialEarlyStop(es ?? { monitor: 'val_loss', patience: Infinity, minDelta: 0 });
  const restoreBest = es?.restoreBestWeights === true;
  const history: EpochRecord[] = [];
  const divergence: DivergenceContext = { task, numClasses, learningRate: hp.optimizer.learningRate };
  const trivial = trivialLoss(task, numClasses, gatherRows(trainTargets, width, fitRows, 0, fitRows.length));
  let reference = Number.NaN; // set by the first batch: max(its loss, the trivial predictor's)
  const order = Int32Array.from(rows ? rows.train : split.train);
  // With sample weights the shuffle moves positions, so each row keeps its weight.
  const positions = rows?.sampleWeights ? Int32Array.from(order, (_, i) => i) : null;
  const batchWeights = rows?.sampleWeights ? new Float32Array(order.length) : null;
  const batches = Math.ceil(order.length / hp.batchSize);
  // Per-layer diagnostics on fixed validation rows, at most 10% of the training time (main/train/diagnostics.ts).
  const diagnostics = startRunDiagnostics({ settings: hp.diagnostics, model, x: data.x, y: trainTargets, inputShape, valRows: split.val, loss: task === 'regression' ? 'mse' : 'categorical', epochs: hp.epochs });
  if (diagnostics) owned.disposers.push(() => diagnostics.dispose());
  const started = performance.now();
  let lastYield = started;
  let lastBatchEvent = -Infinity;
  let status: RunStatus = 'completed';

  epochs: for (let epoch = 0; epoch < hp.epochs; epoch++) {
    const lr = learningRateAt(hp.schedule, hp.optimizer.learningRate, epoch, hp.epochs);
    setLearningRate(optimizer, lr);
    divergence.learningRate = lr;
    pruner?.beginEpoch(epoch);
    if (positions && batchWeights && rows) {
      shuffleRng.shuffle(positions);
      for (let i = 0; i < positions.length; i++) {
        order[i] = rows.train[positions[i]];
        batchWeights[i] = (rows.sampleWeights as Float32Array)[positions[i]];
      }
    } else shuffleRng.shuffle(order);
    let lossSum = 0;
    let seen = 0;
    for (let b = 0; b < batches; b++) {
      if (hooks.signal?.aborted) {
        status = 'cancelled';
        break epochs;
      }
      const start = b * hp.batchSize;
      const end = Math.min(start + hp.batchSize, order.length);
      let xb = gatherRows(data.x, size, order, start, end);
      if (hp.augmentation) xb = augmentBatch(xb, inputShape, hp.augmentation, augmentRng);
      const yb = gatherRows(trainTargets, width, order, start, end);
      const xs = tf.tensor(xb, [end - start, ...inputShape]);
      // Regression predictions are [B, width]: a [B] target would broadcast to [B, B] in the mse.
      const ys = task === 'regression' ? tf.tensor2d(yb, [end - start, width]) : tf.tensor1d(yb);
      let loss: number;
      try {
        loss = step(xs, ys, batchWeights ? batchWeights.subarray(start, end) : undefined);
        pruner?.enforce();
      } finally {
        tf.dispose([xs, ys]);
      }
      const diverged = batchDivergence(loss, epoch + 1, b + 1, divergence);
      if (diverged) {
        status = 'diverged';
        result.error = diverged;
        break epochs;
      }
      if (Number.isNaN(reference)) reference = Math.max(loss, trivial);
      lossSum += loss * (end - start);
      seen += end - start;
      const now = performance.now();
      if (now - lastBatchEvent >= BATCH_EVENT_MS) {
        lastBatchEvent = now;
        hooks.onEvent({ type: 'batch', runId, epoch: epoch + 1, batch: b + 1, batches, loss });
      }
      if (now - lastYield >= YIELD_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }

    // Train loss: running mean over the epoch (what was optimised, penalties included);
    // the other train metrics come from a bounded sample so big datasets stay cheap.
    const trainEval = evaluate(trainEvalRows).metrics;
    const train = { ...trainEval, loss: lossSum / Math.max(seen, 1) };
    const val = evaluate(split.val).metrics;
    history.push({ train, val });
    result.epochsDone = epoch + 1;
    const elapsedMs = performance.now() - started;
    const etaMs = (elapsedMs / (epoch + 1)) * (hp.epochs - epoch - 1);
    hooks.onEvent({ type: 'epoch', runId, epoch: epoch + 1, epochs: hp.epochs, learningRate: lr, train, val, elapsedMs, etaMs });
    const probed = diagnostics?.afterEpoch(epoch + 1);
    if (probed) hooks.onEvent({ type: 'diagnostics', runId, epoch: epoch + 1, diagnostics: probed });
    if (input.epochGate && (await passEpoch(input.epochGate, epoch + 1, hooks.signal))) {
      status = 'cancelled';
      break;
    }
    const diverged = epochDivergence(
      { epoch: epoch + 1, trainLoss: train.loss, reference, trainDataLoss: trainEval.loss ?? Number.NaN, nonFiniteWeight: nonFiniteWeight(model) },
      divergence,
    );
    if (diverged) {
      status = 'diverged';
      result.error = diverged;
      break;
    }

    // While a gradual pruning schedule still removes weights, epochs are not comparable:
    // best-weight tracking and early stopping start once the masks are final.
    if (!pruner || pruner.settled(epoch)) {
      const decision = updateEarlyStop(stopper, epoch, val);
      stopper = decision.state;
      if (decision.improved && restoreBest) {
        disposeSnapshot(owned.best);
        owned.best = snapshotWeights(model);
      }
      if (es && decision.stop) break;
    }
    await yieldToEventLoop();
    lastYield = performance.now();
  }

  const bestIndex = stopper.bestEpoch;
  if (bestIndex >= 0) result.metrics.bestEpoch = bestIndex + 1;
  const last = history.at(-1);
  if (status !== 'completed') {
    // Cancelled or diverged: report what was measured, write no artifacts.
    if (last) Object.assign(result.metrics, { train: last.train, val: last.val });
    result.status = status;
    return;
  }

  const restored = restoreBest && owned.best !== null;
  if (restored) restoreWeights(model, owned.best as WeightSnapshot);
  result.metrics.train = (restored ? history[bestIndex] : last)?.train ?? {};
  const finalVal = evaluate(split.val);
  result.metrics.val = finalVal.metrics;
  let confusion = finalVal.confusion;
  if (split.test.length > 0) {
    const test = evaluate(split.test);
    result.metrics.test = test.metrics;
    confusion = test.confusion;
  }
  if (task === 'classification' && confusion) result.metrics.confusion = confusion;

  if (pruner) result.metrics.sparsity = pruner.report();
  await saveModelFiles(model, input.artifactDir);
  writeRecipe(input.artifactDir, recipe);
  writeSplit(input.artifactDir, split);
  // Runs with a plan report their size (latency included) with the result; kept out of `metrics`
  // because a measured latency is not reproducible, and plain runs get theirs from 'runs.size'.
  if (plan) result.size = await runSize(model, input.artifactDir, inputShape);
  result.status = 'completed';
}

type CheckedRows = TrainRows & { distinct: Int32Array };

/** Refuses rows that would leak or misalign (ApiError 'invalid_argument'); returns them with their distinct rows (in split order). */
function checkRows(rows: TrainRows, splitTrain: Int32Array, numSamples: number, size: number, task: string, plan: TrainPlan | undefined, width = 1): CheckedRows {
  const allowed = new Uint8Array(numSamples);
  for (const r of splitTrain) allowed[r] = 1;
  if (rows.train.length === 0) throw new ApiError('invalid_argument', 'an ensemble member needs at least one training row');
  const seen = new Uint8Array(numSamples);
  for (const r of rows.train) {
    // Validation and test rows are never trained on: they must measure every member alike.
    if (!(r >= 0 && r < numSamples) || allowed[r] !== 1) throw new ApiError('invalid_argument', `row ${r} is not one of this split's training rows`);
    seen[r] = 1;
  }
  const distinct = splitTrain.filter((r) => seen[r] === 1);
  if (rows.sampleWeights) {
    if (rows.sampleWeights.length !== rows.train.length) throw new ApiError('invalid_argument', `${rows.sampleWeights.length} sample weights for ${rows.train.length} training rows`);
    if (!rows.sampleWeights.every((w) => w >= 0 && Number.isFinite(w))) throw new ApiError('invalid_argument', 'sample weights must be finite and ≥ 0');
    if (plan?.distill) throw new ApiError('invalid_argument', 'sample weights and distillation cannot be combined');
  }
  if (rows.targets) {
    if (task !== 'regression') throw new ApiError('invalid_argument', 'replacement targets are for regression runs');
    if (rows.targets.length !== numSamples * width || !rows.targets.every(Number.isFinite)) {
      throw new ApiError('invalid_argument', `targets need ${numSamples * width} finite values, ${width === 1 ? 'one' : width} per dataset row`);
    }
  }
  if (rows.featureMask) {
    const mask = rows.featureMask;
    if (mask.length !== size) throw new ApiError('invalid_argument', `the feature mask has ${mask.length} entries for ${size} features`);
    if (!mask.some((v) => v === 1)) throw new ApiError('invalid_argument', 'the feature mask keeps no feature');
  }
  return { ...rows, distinct };
}

/** Sets masked features (0 in the mask) to 0 in every row, in place. */
function maskFeatures(x: Float32Array, mask: Uint8Array): void {
  const size = mask.length;
  for (let i = 0; i < x.length; i++) if (mask[i % size] === 0) x[i] = 0;
}

/** Name of the first weight holding NaN or ±Infinity, or null: one read of every weight, once per epoch. */
function nonFiniteWeight(model: tf.LayersModel): string | null {
  for (const w of model.weights) if (firstNonFinite(w.read().dataSync()) >= 0) return w.name;
  return null;
}
