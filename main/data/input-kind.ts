/**
 * What kind of input a dataset feeds a model, and so which presets and default
 * layers fit it. The one rule every form, the CLI and the engine's callers share
 * (browser-safe: type imports only).
 *
 * A dataset says it is text or a series in its import info (DatasetInfo.text /
 * .series: a text's inputShape [maxLength] and a series' [lookback, values] look
 * like a table's and an image's rank otherwise); any other [H, W, C] is an image,
 * anything else a table.
 */
import type { DatasetMeta, ModelPreset } from '../api/schemas.ts';

export type InputKind = 'tabular' | 'image' | 'text' | 'series';

export function datasetInputKind(meta: Pick<DatasetMeta, 'inputShape' | 'info'>): InputKind {
  if (meta.info?.text) return 'text';
  if (meta.info?.series) return 'series';
  return meta.inputShape.length === 3 ? 'image' : 'tabular';
}

/** The presets that fit an input kind, in their order: those made for it and those for any input ('any': a dataset not known yet). */
export function presetsFor<P extends Pick<ModelPreset, 'inputKind'>>(presets: readonly P[], kind: InputKind | 'any'): P[] {
  return presets.filter((p) => p.inputKind === kind || p.inputKind === 'any');
}

/** The preset a dataset trains with when none is named: the first made for its kind, else the first for any input. */
export function defaultPresetFor<P extends Pick<ModelPreset, 'inputKind'>>(presets: readonly P[], kind: InputKind): P | undefined {
  return presets.find((p) => p.inputKind === kind) ?? presets.find((p) => p.inputKind === 'any');
}

/** Kinds whose default model in the forms is their first preset (a sequence model needs its own layers). */
export function followsPreset(kind: InputKind): boolean {
  return kind === 'text' || kind === 'series';
}
