/**
 * A dataset on disk: x.f32 and y.f32, raw little-endian Float32 with no header
 * (the shape lives in the database's DatasetMeta). Raw floats load with one read
 * and no parsing, which matters for 100+ MB image sets.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { DatasetTensors, ParsedDataset } from './types.ts';

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

export function saveDatasetFiles(dir: string, data: ParsedDataset): void {
  writeFileAtomic(join(dir, 'x.f32'), toLittleEndianBytes(data.x));
  writeFileAtomic(join(dir, 'y.f32'), toLittleEndianBytes(data.y));
}

export function loadDatasetFiles(dir: string): DatasetTensors {
  const x = readFloats(join(dir, 'x.f32'));
  const y = readFloats(join(dir, 'y.f32'));
  if (y.length === 0 ? x.length !== 0 : x.length % y.length !== 0) {
    throw new ApiError('bad_data', `dataset files in ${dir} disagree: ${x.length} values in x.f32 for ${y.length} samples in y.f32`);
  }
  return { x, y };
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
