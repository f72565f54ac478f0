/**
 * A dataset on disk: x.f32 and y.f32, raw little-endian Float32 with no header
 * (the shape lives in the database's DatasetMeta). Raw floats load with one read
 * and no parsing, which matters for 100+ MB image sets. Sequence datasets add
 * texts.json (the raw texts of a text dataset, tokenised per run) or parts.u8
 * (a series' stored chronological split, one byte per sample).
 *
 * For text datasets x.f32 holds the numeric columns, not the model's input, so
 * the x/y size check is the caller's (sequence/prepare.ts) when texts are present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { DatasetTensors, ParsedDataset, TextColumns } from './types.ts';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

export function saveDatasetFiles(dir: string, data: ParsedDataset): void {
  writeFileAtomic(join(dir, 'x.f32'), toLittleEndianBytes(data.x));
  writeFileAtomic(join(dir, 'y.f32'), toLittleEndianBytes(data.y));
  if (data.texts) writeFileAtomic(join(dir, TEXTS_FILE), JSON.stringify(data.texts));
  if (data.parts) writeFileAtomic(join(dir, PARTS_FILE), data.parts);
}

export const TEXTS_FILE = 'texts.json';
export const PARTS_FILE = 'parts.u8';

export function loadDatasetFiles(dir: string): DatasetTensors {
  const x = readFloats(join(dir, 'x.f32'));
  const y = readFloats(join(dir, 'y.f32'));
  const texts = existsSync(join(dir, TEXTS_FILE)) ? readTexts(join(dir, TEXTS_FILE)) : undefined;
  const parts = existsSync(join(dir, PARTS_FILE)) ? new Uint8Array(readFileSync(join(dir, PARTS_FILE))) : undefined;
  // A series stores one part per sample and may have several targets per sample (a forecast horizon).
  const samples = parts ? parts.length : y.length;
  if ((!texts && (samples === 0 ? x.length !== 0 : x.length % samples !== 0)) || (parts && y.length % samples !== 0)) {
    throw new ApiError('bad_data', `dataset files in ${dir} disagree: ${x.length} values in x.f32 for ${samples} samples ${parts ? `in parts.u8 (and ${y.length} targets in y.f32)` : 'in y.f32'}`);
  }
  return { x, y, ...(texts ? { texts } : {}), ...(parts ? { parts } : {}) };
}

function readTexts(file: string): TextColumns {
  let texts: Partial<TextColumns>;
  try {
    texts = JSON.parse(readFileSync(file, 'utf8')) as Partial<TextColumns>;
  } catch {
    throw new ApiError('bad_data', `dataset file ${file} is not valid JSON`);
  }
  if (!Array.isArray(texts.columns) || !Array.isArray(texts.values) || texts.values.length !== texts.columns.length) {
    throw new ApiError('bad_data', `dataset file ${file} is not a list of text columns`);
  }
  return texts as TextColumns;
}

function toLittleEndianBytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN_HOST) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

function readFloats(file: string): Float32Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ApiError('not_found', `dataset file missing: ${file}`);
    throw error;
  }
  if (bytes.length % 4 !== 0) throw new ApiError('bad_data', `dataset file ${file} is corrupt: ${bytes.length} bytes is not a whole number of floats`);
  const out = new Float32Array(bytes.length / 4);
  // Copy rather than view: a Buffer's offset into its pool need not be 4-byte aligned.
  if (LITTLE_ENDIAN_HOST) new Uint8Array(out.buffer).set(bytes);
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  }
  return out;
}
