/**
 * Saves and loads models in the tfjs Layers format without tfjs-node: a
 * model.json shaped exactly like the one tfjs writes in a browser (modelTopology,
 * format, generatedBy, convertedBy, weightsManifest with one 'weights.bin'
 * group), so the files load with the official tf.loadLayersModel(url) too.
 * Both files are written atomically: a crash leaves the old model or the new one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../api/errors.ts';
import { MAX_MODEL_PARAMS } from '../limits.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
// Registers the custom layer so saved models that contain it load again.
import './layers/index.ts';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** weightData may come as one buffer or several; the file holds them back to back. */
function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  return new Uint8Array(tf.io.CompositeArrayBuffer.join(data));
}

/** The model.json object tfjs itself writes for these artifacts (see tfjs-core io_utils getModelJSONForModelArtifacts). */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts, weightsPath = WEIGHTS_BIN): tf.io.ModelJSON {
  const json: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.signature != null) json.signature = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) json.userDefinedMetadata = artifacts.userDefinedMetadata;
  if (artifacts.modelInitializer != null) json.modelInitializer = artifacts.modelInitializer;
  if (artifacts.initializerSignature != null) json.initializerSignature = artifacts.initializerSignature;
  if (artifacts.trainingConfig != null) json.trainingConfig = artifacts.trainingConfig;
  return json;
}

/** Writes model.json + weights.bin into dir; returns the two paths. Weights go first so model.json never points at missing data. */
export async function saveModelFiles(model: tf.LayersModel, dir: string): Promise<string[]> {
  const jsonPath = join(dir, MODEL_JSON);
  const weightsPath = join(dir, WEIGHTS_BIN);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = joinWeightData(artifacts.weightData);
      writeFileAtomic(weightsPath, weights);
      writeFileAtomic(jsonPath, JSON.stringify(modelJsonFor(artifacts)));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
  return [jsonPath, weightsPath];
}

/**
 * Reads model.json and every weights file its manifest names (relative to dir).
 * A model over MAX_MODEL_PARAMS (main/limits.ts) is refused from its manifest,
 * before any weights are read: the same limit as for specs, for imported models.
 */
export function readModelArtifacts(dir: string): tf.io.ModelArtifacts {
  const json = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
  const manifest = json.weightsManifest ?? [];
  const specs = manifest.flatMap((group) => group.weights);
  const params = specs.reduce((n, w) => n + (w.shape ?? []).reduce((a, b) => a * b, 1), 0);
  if (params > MAX_MODEL_PARAMS) {
    throw new ApiError(
      'too_large',
      `The model in ${dir} has ${params.toLocaleString('en-US')} weights, more than the limit of ${MAX_MODEL_PARAMS.toLocaleString('en-US')} (MAX_MODEL_PARAMS).`,
    );
  }
  const buffers = manifest.flatMap((group) =>
    group.paths.map((p) => {
      const bytes = readFileSync(join(dir, p));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }),
  );
  return tf.io.getModelArtifactsForJSONSync(json, specs, tf.io.concatenateArrayBuffers(buffers));
}

export async function loadModelFiles(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(readModelArtifacts(dir)));
}
