/**
 * Builds the starting model of a run that does not start from random weights:
 * a stored run's model or an imported tfjs Layers model, optionally with fresh
 * weights (the from-scratch twin of an imported architecture), a new head for
 * the new dataset's classes, and the first k layers frozen (trainable = false,
 * so the train step, built over trainableWeights, never updates them).
 */
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../api/errors.ts';
import type { Task } from '../../api/schemas.ts';
import { loadModelFiles, readModelArtifacts } from '../../model/io.ts';
import { deriveSeed } from '../../util/rng.ts';
import type { TrainPlan } from '../types.ts';
import { layersToFreeze } from './freeze.ts';

export type Io = { inputShape: number[]; outputUnits: number; task: Task };

const fmt = (s: readonly (number | null)[]) => `[${s.join(', ')}]`;

/** Per-sample input shape of a model (batch axis dropped). */
export function modelInputShape(model: tf.LayersModel): number[] {
  return (model.inputs[0]?.shape ?? []).slice(1) as number[];
}

async function load(init: NonNullable<TrainPlan['init']>): Promise<tf.LayersModel> {
  if (!init.reinitialize) return loadModelFiles(init.modelDir);
  // The topology alone: every layer draws new weights from its configured initialiser.
  const artifacts = readModelArtifacts(init.modelDir);
  return tf.models.modelFromJSON({ modelTopology: artifacts.modelTopology } as tf.io.ModelJSON);
}

function replaceHead(model: tf.LayersModel, io: Io, seed: number): tf.LayersModel {
  const old = model.outputLayers[0] as tf.layers.Layer;
  const features = old.input as tf.SymbolicTensor;
  if (features.shape.length !== 2) {
    throw new ApiError('cannot_build', `The last layer of this model receives ${fmt(features.shape.slice(1))}, not a flat vector; its head cannot be replaced.`);
  }
  const head = tf.layers.dense({
    name: 'head',
    units: io.outputUnits,
    activation: io.task === 'classification' ? 'softmax' : 'linear',
    kernelInitializer: tf.initializers.glorotUniform({ seed: deriveSeed(seed, 'init:head') }),
  });
  const fresh = tf.model({ inputs: model.inputs, outputs: head.apply(features) as tf.SymbolicTensor, name: 'modelbench' });
  old.dispose();
  return fresh;
}

export async function warmStartModel(init: NonNullable<TrainPlan['init']>, io: Io, seed: number): Promise<tf.LayersModel> {
  let model = await load(init);
  try {
    const have = modelInputShape(model);
    if (fmt(have) !== fmt(io.inputShape)) {
      throw new ApiError('invalid_argument', `The source model takes inputs of shape ${fmt(have)} but the dataset's samples have shape ${fmt(io.inputShape)}.`);
    }
    const units = (model.outputs[0]?.shape.at(-1) ?? 0) as number;
    if (init.newHead) model = replaceHead(model, io, seed);
    else if (units !== io.outputUnits) {
      throw new ApiError('invalid_argument', `The source model has ${units} outputs but the dataset needs ${io.outputUnits}; replace its head.`);
    }
    const k = init.freeze ?? 0;
    if (k > 0) {
      const body = model.layers.filter((l) => l.getClassName() !== 'InputLayer' && !model.outputLayers.includes(l));
      const { freeze, available } = layersToFreeze(body.map((l) => l.name), k);
      if (k > available) throw new ApiError('invalid_argument', `Cannot freeze ${k} layers: the model has ${available} layers before its head.`);
      for (const layer of body) if (freeze.includes(layer.name)) layer.trainable = false;
    }
    return model;
  } catch (error) {
    model.dispose();
    throw error;
  }
}
