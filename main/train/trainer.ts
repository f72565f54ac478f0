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
import { applyRecipe, fitRecipe, fitTargetScaling, scaleTargets } from '../data/preprocess.ts';
import { augmentBatch } from '../data/augment/index.ts';
import { outputUnitsFor } from '../model/builder.ts';
import { analyseSpec } from '../model/counts.ts';
import { saveModelFiles } from '../model/io.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { createOptimizer, disposeOptimizer, setLearningRate } from './optimizers.ts';
import { learningRateAt } from './schedules.ts';
import { initialEarlyStop, updateEarlyStop } from './early-stopping.ts';
import { boundedSample, gatherRows, gatherValues, rowSize } from './batches.ts';
import { evaluateRows } from './evaluate.ts';
import { disposeSnapshot, restoreWeights, snapshotWeights, type WeightSnapshot } from './best-weights.ts';
import { writeRecipe, writeSplit } from './artifacts.ts';
import { batchDivergence, epochDivergence, firstNonFinite, trivialLoss, type DivergenceContext } from './divergence.ts';
import type { ModelSize, TrainPlan } from '../compression/types.ts';
import type { WorkerMemory } from './protocol.ts';
import { loadTeacher, planPruner, planStep, runSize, startModel } from './plan-runtime.ts';
import { modelFlops } from '../compression/flops.ts';

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
  const numSamples = input.data.y.length;
  if (numSamples === 0 || input.data.x.length !== numSamples * size) {
    throw new ApiError('bad_data', `dataset has ${input.data.x.length} values for ${numSamples} samples of shape [${inputShape}]`);
  }
  const numClasses = task === 'classification' ? meta.classes.length : 0;

  const split = splitIndices(input.data.y, task, hp.split, config.seed);
  if (split.train.length === 0 || split.val.length === 0) {
    throw new ApiError('bad_data', `too few samples (${numSamples}) to split into training and validation sets`);
  }
  // Fit on training rows only: statistics from validation/test rows would leak into training.
  const recipe = fitRecipe(hp.preprocess, input.data.x, inputShape, split.train);
  // Regression trains on standardised targets (by default); evaluation maps predictions back.
  const target = task === 'regression' ? fitTargetScaling(hp.targetScaling, input.data.y, split.train) : undefined;
  if (target) recipe.target = target;
  result.recipe = recipe;
  const data = { x: applyRecipe(recipe, input.data.x, inputShape), y: input.data.y };
  const trainTargets = target ? scaleTargets(target, input.data.y) : input.data.y;

  const outputUnits = outputUnitsFor(task, meta.classes);
  const io = { inputShape, outputUnits, task };
  const plan = input.plan;
  const model = (owned.model = await startModel(plan, config.spec, io, config.seed));
  const optimizer = (owned.optimizer = createOptimizer(hp.optimizer));
  const teacher = await loadTeacher(plan, io);
  if (teacher) owned.disposers.push(() => teacher.dispose());
  const step = planStep(plan, model, teacher, optimizer, task === 'regression' ? 'mse' : 'categorical', hp.gradientClip);
  const pruner = planPruner(plan, model, hp.epochs);
  if (pruner) owned.disposers.push(() => pruner.dispose());
  result.paramCount = model.countParams();
  // A warm-started model may differ from any spec (new head, imported, structurally pruned): price the model itself.
  const count = plan?.init ? null : analyseSpec(config.spec, inputShape, outputUnits);
  result.flops = count ? (count.ok ? count.flops : 0) : modelFlops(model);
  hooks.onEvent({ type: 'started', runId, backend: result.backend, epochs: hp.epochs, paramCount: result.paramCount });

  const shuffleRng = createRng(deriveSeed(config.seed, 'shuffle'));
  const augmentRng = createRng(deriveSeed(config.seed, 'augment'));
  const trainEvalRows = boundedSample(split.train, TRAIN_EVAL_LIMIT, (a) => createRng(deriveSeed(config.seed, 'train-eval')).shuffle(a));
  const evalBatch = Math.max(hp.batchSize, 256); // inference needs no gradients: bigger batches are cheaper
  const evaluate = (rows: Int32Array) => evaluateRows(model, data, inputShape, rows, task, numClasses, evalBatch, target);

  // Without an earlyStopping config the same machine still tracks the best epoch (by val_loss) for reporting.
  const es = hp.earlyStopping;
  let stopper = initialEarlyStop(es ?? { monitor: 'val_loss', patience: Infinity, minDelta: 0 });
  const restoreBest = es?.restoreBestWeights === true;
  const history: EpochRecord[] = [];
  const divergence: DivergenceContext = { task, numClasses, learningRate: hp.optimizer.learningRate };
  const trivial = trivialLoss(task, numClasses, gatherValues(trainTargets, split.train, 0, split.train.length));
  let reference = Number.NaN; // set by the first batch: max(its loss, the trivial predictor's)
  const order = Int32Array.from(split.train);
  const batches = Math.ceil(order.length / hp.batchSize);
  const started = performance.now();
  let lastYield = started;
  let lastBatchEvent = -Infinity;
  let status: RunStatus = 'completed';

  epochs: for (let epoch = 0; epoch < hp.epochs; epoch++) {
    const lr = learningRateAt(hp.schedule, hp.optimizer.learningRate, epoch, hp.epochs);
    setLearningRate(optimizer, lr);
    divergence.learningRate = lr;
    pruner?.beginEpoch(epoch);
    shuffleRng.shuffle(order);
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
      const yb = gatherValues(trainTargets, order, start, end);
      const xs = tf.tensor(xb, [end - start, ...inputShape]);
      // Regression predictions are [B, 1]: a [B] target would broadcast to [B, B] in the mse.
      const ys = task === 'regression' ? tf.tensor2d(yb, [end - start, 1]) : tf.tensor1d(yb);
      let loss: number;
      try {
        loss = step(xs, ys);
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

/** Name of the first weight holding NaN or ±Infinity, or null: one read of every weight, once per epoch. */
function nonFiniteWeight(model: tf.LayersModel): string | null {
  for (const w of model.weights) if (firstNonFinite(w.read().dataSync()) >= 0) return w.name;
  return null;
}
