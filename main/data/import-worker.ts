/**
 * An import worker thread: runs one import job (import-job.ts), writes the
 * dataset's x.f32 / y.f32 into the folder it was given, posts one reply (the
 * dataset without its arrays, or the error) and ends. The arrays never cross
 * back: the engine's thread needs only the metadata, and writing up to 1 GiB of
 * floats here keeps that off the engine's thread too.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runImportJob } from './import-job.ts';
import { toWire, type ImportReply, type ImportRequest } from './import-protocol.ts';
import { saveDatasetFiles } from './store.ts';

const port = parentPort;
if (!port) throw new Error('import-worker.ts must run in a worker thread');

const { job, dir } = workerData as ImportRequest;
let reply: ImportReply;
try {
  const data = runImportJob(job);
  saveDatasetFiles(dir, data);
  const { x: _x, y, texts: _texts, parts: _parts, ...rest } = data;
  // A forecast stores several targets per sample; its parts (one per sample) count the samples.
  reply = { ok: true, dataset: { ...rest, numSamples: data.parts ? data.parts.length : y.length } };
} catch (error) {
  reply = { ok: false, error: toWire(error) };
}
try {
  port.postMessage(reply);
} catch {
  // Details that cannot be cloned (never expected from the data layer) are dropped, never the error.
  port.postMessage(reply.ok ? reply : { ok: false, error: { ...reply.error, details: undefined } });
}
