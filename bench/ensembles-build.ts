/**
 * How long a selection over conv members takes to build, and how long the
 * engine takes to answer meanwhile: the cost that main/ensemble/thread/ moved
 * off the engine's thread (member predictions, selection, merge, latency).
 *
 *   node bench/ensembles-build.ts [--members 10] [--preset cnn-reference] [--epochs 1] [--repeat 3] [--workers 2] [--backend wasm]
 *
 * Trains `members` runs of the preset on the MNIST sample (10,000 images, the
 * default split: 1,500 validation and 1,500 test rows; learning rates differ so
 * the members do), then builds a selection over them `repeat` times through the
 * API. While each builds, app.info and runs.list are asked every 25 ms; an
 * answer's time counts from when it was due, so a blocked engine thread shows
 * as a late answer. Prints the build time and the answer times (median, worst).
 * Uses only the engine API, so the same script measures any version.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine, type Engine } from '../main/engine/engine.ts';
import { MODEL_PRESETS } from '../main/model/presets.ts';
import { median } from '../main/util/stats.ts';
import { trainAndWait } from '../test/main/engine/run-helpers.ts';
import { answerTimes, ensembleEnd } from '../test/main/ensemble/engine-helpers.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '10' }, preset: { type: 'string', default: 'cnn-reference' }, epochs: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' }, workers: { type: 'string', default: '2' }, backend: { type: 'string' },
  },
});
const PROBE_EVERY_MS = 25;
const preset = MODEL_PRESETS.find((p) => p.id === values.preset);
if (!preset) throw new Error(`no preset '${values.preset}'`);

async function trainMembers(engine: Engine, datasetId: string, n: number): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const hyperparams = { epochs: Number(values.epochs), batchSize: 64, optimizer: { kind: 'adam' as const, learningRate: 0.0005 * (1 + i) } };
    const { runId, events } = await trainAndWait(engine, { datasetId, spec: preset!.spec, hyperparams, seed: 7, name: `conv member ${i + 1}` });
    const end = events.at(-1);
    if (end?.type !== 'finished' || end.status !== 'completed') throw new Error(`member ${runId} did not complete`);
    return runId;
  }));
}

async function timedBuild(engine: Engine, runIds: string[], seed: number) {
  const started = performance.now();
  const built = ensembleEnd(engine, () => engine.call('ensembles.create', { method: 'selection', runIds, seed }));
  const answers = await answerTimes(engine, built, PROBE_EVERY_MS);
  const seconds = (performance.now() - started) / 1000;
  const e = await built;
  if (e.status !== 'completed') throw new Error(`selection ${e.status}: ${e.error}`);
  return { seconds, answers, valAccuracy: e.metrics.val!.accuracy };
}

const home = mkdtempSync(join(tmpdir(), 'mb-bench-ensemble-build-'));
const engine = await createEngine({ home, workers: Number(values.workers), ...(values.backend ? { backend: [values.backend] } : {}) });
try {
  const info = await engine.call('app.info', {});
  console.log(`ensemble build bench: ${values.members} × ${preset.id}, ${values.epochs} epoch(s) on MNIST; training backend ${info.backends.find((b) => b.available)?.name ?? info.backend}; loadavg ${loadavg()[0].toFixed(2)}`);
  const mnist = await engine.call('datasets.importSample', { sample: 'mnist' });
  const t0 = performance.now();
  const runIds = await trainMembers(engine, mnist.id, Number(values.members));
  console.log(`members trained in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const builds = [];
  for (let r = 0; r < Number(values.repeat); r++) {
    const b = await timedBuild(engine, runIds, r + 1);
    builds.push(b);
    const sorted = [...b.answers].sort((x, y) => x - y);
    console.log(`build ${r + 1}: ${b.seconds.toFixed(1)} s; ${b.answers.length} answers meanwhile, median ${median(sorted).toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms; val accuracy ${b.valAccuracy.toFixed(4)}; loadavg ${loadavg()[0].toFixed(2)}`);
  }
  const all = builds.flatMap((b) => b.answers);
  console.log(`median build ${median(builds.map((b) => b.seconds)).toFixed(1)} s; answers over all builds: median ${median(all).toFixed(0)} ms, worst ${Math.max(...all).toFixed(0)} ms`);
} finally {
  await engine.close();
  rmSync(home, { recursive: true, force: true });
}
