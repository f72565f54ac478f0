/**
 * An ensemble's worker thread (thread.ts starts one per running ensemble
 * job): picks its tfjs backend as training workers do, reads the dataset,
 * runs the method's build over an EnsembleContext whose trainMember asks the
 * job for a run and whose predict loads each member once, here; then, when
 * the job says so, merges, measures and evaluates the model (finish.ts). It
 * ends when the job terminates it, which also hands its wasm memory back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend/select.ts';
import { fromWire, toWire } from '../../data/import-protocol.ts';
import { loadDatasetFiles } from '../../data/store.ts';
import { finishModel } from '../finish.ts';
import type { EnsembleBuild, EnsembleContext, MemberTraining } from '../index.ts';
import { METHODS } from '../methods/index.ts';
import { labelWidth } from '../math/predictions.ts';
import { loadMember, predictMember, type LoadedMember } from '../predict.ts';
import type { EnsembleWorkerData, FromEnsembleWorker, ToEnsembleWorker } from './protocol.ts';

const port = parentPort;
if (!port) throw new Error('ensemble worker.ts must run in a worker thread');
const data = workerData as EnsembleWorkerData;
const post = (m: FromEnsembleWorker) => port.postMessage(m);

/** Folders and feature masks of the members this job knows, by run id. */
const dirs = new Map(data.candidates.map((c) => [c.runId, c.dir]));
const masks = new Map<string, Uint8Array | null>();
const loaded = new Map<string, Promise<LoadedMember>>();
const calls = new Map<number, { resolve(r: { runId: string; dir: string }): void; reject(e: Error): void }>();
let nextCall = 1;
let built: EnsembleBuild | undefined;

function trainMember(request: MemberTraining): Promise<string> {
  const call = nextCall++;
  const answer = new Promise<{ runId: string; dir: string }>((resolve, reject) => calls.set(call, { resolve, reject }));
  post({ type: 'train', call, request });
  return answer.then(({ runId, dir }) => {
    dirs.set(runId, dir);
    masks.set(runId, request.featureMask ?? null);
    return runId;
  });
}

function load(runId: string): Promise<LoadedMember> {
  let member = loaded.get(runId);
  if (!member) {
    const dir = dirs.get(runId);
    member = dir ? loadMember(dir, masks.get(runId) ?? null) : Promise.reject(new Error(`member run ${runId} is not one of this ensemble's`));
    loaded.set(runId, member);
  }
  return member;
}

function fail(error: unknown): void {
  post({ type: 'error', error: toWire(error) });
}

try {
  await initBackend(data.backend).catch(() => tf.setBackend('cpu'));
  await tf.ready();
  const dataset = loadDatasetFiles(data.datasetDir);
  const ctx: EnsembleContext = {
    task: data.task,
    outputs: data.outputs,
    classNames: data.classNames,
    inputShape: data.inputShape,
    split: data.split,
    labels: dataset.y,
    labelWidth: labelWidth(data.task, data.outputs),
    candidates: data.candidates.map((c) => c.runId),
    seed: data.seed,
    // The job stops this thread by terminating it; nothing inside waits on the signal.
    signal: new AbortController().signal,
    trainMember,
    predict: async (runId, rows) => predictMember(await load(runId), dataset, rows),
    progress: (note) => post({ type: 'progress', note }),
  };
  port.on('message', (m: ToEnsembleWorker) => {
    if (m.type === 'trained') calls.get(m.call)?.resolve({ runId: m.runId, dir: m.dir });
    else if (m.type === 'train-failed') calls.get(m.call)?.reject(fromWire(m.error));
    else if (built) {
      const build = built;
      finishModel({ build, load, task: data.task, outputs: data.outputs, inputShape: data.inputShape, data: dataset, split: data.split, dir: m.dir })
        .then((model) => post({ type: 'finished', model }), fail);
    } else fail(new Error('finish before the ensemble was built'));
    if (m.type !== 'finish') calls.delete(m.call);
  });
  built = await METHODS[data.method].build(ctx, data.options as never);
  post({ type: 'built', build: built });
} catch (error) {
  fail(error);
}
