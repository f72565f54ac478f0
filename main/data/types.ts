import type { DatasetInfo, DatasetSource, Task } from '../api/schemas.ts';

/** The texts of a text dataset, per text column, one string per row (texts.json beside x.f32). */
export type TextColumns = { columns: string[]; values: string[][] };

/**
 * A dataset after parsing, before it is stored: every sample flattened row-major
 * into `x` (numSamples * prod(inputShape) values), one target per sample in `y`.
 */
export type ParsedDataset = {
  task: Task;
  /** Per-sample shape: [F] for tabular data, [H, W, C] for images. */
  inputShape: number[];
  x: Float32Array;
  /** Class index (classification) or regression target. */
  y: Float32Array;
  /** Class names, index = label value. Empty for regression. */
  classes: string[];
  /** Column names after one-hot encoding (tabular only; empty for images). */
  featureNames: string[];
  labelName: string;
  /** Samples per class (classification only; empty for regression). */
  classCounts: number[];
  source: DatasetSource;
  /** What the import detected or decided (CSV: encoding, delimiter, missing values). */
  info?: DatasetInfo;
  /** Everything the import changed or guessed (rows dropped, cells filled, a guessed encoding), for the user. */
  warnings?: string[];
  /** Text datasets (info.text): the raw texts; x then holds only the numeric columns. */
  texts?: TextColumns;
  /** Windowed series (info.series): the stored chronological split, 0 train / 1 validation / 2 test per sample. */
  parts?: Uint8Array;
};

/**
 * What the trainer needs at run time: the raw arrays, read back from x.f32 / y.f32,
 * and for sequence datasets texts.json (text) or parts.u8 (series).
 */
export type DatasetTensors = { x: Float32Array; y: Float32Array; texts?: TextColumns; parts?: Uint8Array };

/** A dataset an import worker has parsed and written to its folder: everything but the arrays, and their length. */
export type ImportedDataset = Omit<ParsedDataset, 'x' | 'y' | 'texts' | 'parts'> & { numSamples: number };
