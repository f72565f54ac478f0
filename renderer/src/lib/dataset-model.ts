/**
 * The model a form starts from for a dataset, until the user picks or edits one: the
 * first preset of a text or series dataset (its layers and hyperparameters: a sequence
 * needs its own layers), else the plain MLP or CNN with default hyperparameters.
 */
import type { ModelPreset } from '../../../main/api/contract.ts';
import type { HyperParams, Layer } from '../../../main/api/schemas.ts';
import { defaultPresetFor, followsPreset, type InputKind } from '../../../main/data/input-kind.ts';
import { defaultHyperParams, mergeHyperParams } from './hyperparams.ts';
import { defaultLayersFor } from './layers.ts';

/** `presetId`: '' when no preset (the form's "Custom"). */
export type DatasetModel = { presetId: string; layers: Layer[]; hyperparams: HyperParams };

/** `keep`: hyperparameters the form keeps whatever the dataset (a study's epochs per trial). */
export function datasetModel(kind: InputKind | 'any', presets: readonly ModelPreset[], keep: Partial<HyperParams> = {}): DatasetModel {
  const preset = kind !== 'any' && followsPreset(kind) ? defaultPresetFor(presets, kind) : undefined;
  if (!preset) return { presetId: '', layers: defaultLayersFor(kind), hyperparams: { ...defaultHyperParams(), ...keep } };
  return { presetId: preset.id, layers: structuredClone(preset.spec.layers), hyperparams: mergeHyperParams({ ...preset.hyperparams, ...keep }) };
}
