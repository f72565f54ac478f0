/**
 * --model (train) and --student (distill): a JSON file or a preset id. A file
 * holds a model spec ({"layers": [...]}, docs/model-spec.md) or an object with a
 * "spec" and optional "hyperparams" (a preset as `modelbench presets --json`
 * prints it, a run's config). Files are read and checked before the engine
 * starts, so a typo fails fast.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { HyperParams, ModelSpec, type DatasetMeta, type HyperParamsInput, type ModelPreset } from '../api/schemas.ts';
import { datasetInputKind, defaultPresetFor } from '../data/input-kind.ts';
import type { Engine } from '../engine/engine.ts';
import { checkJson, readJsonFile } from './read-json.ts';
import { UsageError } from './usage-error.ts';

export type ModelChoice = { spec: z.input<typeof ModelSpec>; hyperparams: HyperParamsInput };

/** A spec wrapped with its hyperparameters; other keys (a preset's id, name…) are ignored. */
const WrappedSpec = z.looseObject({ spec: ModelSpec, hyperparams: HyperParams.optional() });

export function looksLikeFile(value: string): boolean {
  return value.endsWith('.json') || value.includes('/') || value.includes('\\') || existsSync(value);
}

/** Reads a model file; the schema error names the path inside the file (layers.0.units…). */
export function readModelFile(path: string, flag: string): ModelChoice {
  const raw = readJsonFile(path, flag);
  const label = `${flag}: ${path}`;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'spec' in raw) {
    const wrapped = checkJson(raw, WrappedSpec, label);
    return { spec: wrapped.spec, hyperparams: wrapped.hyperparams ?? {} };
  }
  return { spec: checkJson(raw, ModelSpec, label), hyperparams: {} };
}

/** The file's model when the value names a file, else undefined (a preset id, looked up once the engine runs). */
export function modelFileOf(value: string | undefined, flag: string): ModelChoice | undefined {
  return value !== undefined && looksLikeFile(value) ? readModelFile(value, flag) : undefined;
}

/** The first preset made for the dataset's input kind (main/data/input-kind.ts), then one for any input. */
export function presetFor(presets: readonly ModelPreset[], dataset: DatasetMeta): ModelPreset | undefined {
  return defaultPresetFor(presets, datasetInputKind(dataset));
}

/** A preset by id; an unknown id lists the presets there are. */
export async function presetModel(engine: Engine, id: string, flag: string): Promise<ModelChoice> {
  const presets = await engine.call('models.presets', {});
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new UsageError(`${flag}: no preset '${id}' and no such file. Presets: ${presets.map((p) => p.id).join(', ') || 'none'} (see: modelbench presets).`);
  return { spec: preset.spec, hyperparams: preset.hyperparams };
}
