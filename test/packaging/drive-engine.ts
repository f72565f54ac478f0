/**
 * Runs the engine of an extracted packaged app (its compiled dist/, its node_modules, its
 * migrations and samples) through what a user does first: import a sample (an import worker),
 * import a CSV file by path (an import worker), train a run (a training worker), export it as
 * TensorFlow.js and as ONNX, explain it (an explanation worker), bundle it. Prints one JSON
 * line with what happened; exits 1 with the error otherwise.
 *
 *   node --import test/packaging/asar-rules.ts test/packaging/drive-engine.ts APP_DIR HOME CSV
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [appDir, home, csv] = process.argv.slice(2);
type Engine = { call(method: string, params: unknown): Promise<any>; close(): Promise<void> };
const { createEngine } = (await import(pathToFileURL(join(appDir, 'dist', 'main', 'engine', 'engine.js')).href)) as { createEngine(o: object): Promise<Engine> };

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string, ms = 240_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what} did not finish in ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const engine = await createEngine({ home, workers: 1, label: 'packaging test' });
try {
  const info = await engine.call('app.info', {});
  const sample = await engine.call('datasets.importSample', { sample: 'iris' });
  const fromFile = await engine.call('datasets.importPath', { path: csv, label: 'species' });
  const { runId } = await engine.call('runs.start', { datasetId: sample.id, name: 'packaged', seed: 3, spec: { layers: [{ kind: 'dense', units: 8, activation: 'relu' }] }, hyperparams: { epochs: 3, batchSize: 16 } });
  const run = await until(() => engine.call('runs.get', { runId }), (r: any) => !['queued', 'running'].includes(r.status), 'the run');
  const tfjs = await engine.call('runs.export', { runId, outDir: join(home, 'exports', 'tfjs') });
  const onnx = await engine.call('runs.export', { runId, outDir: join(home, 'exports', 'onnx'), format: 'onnx', withPreprocessing: true });
  const started = await engine.call('runs.explain', { runId, method: 'permutation', split: 'val' });
  const explanation = await until(() => engine.call('explanations.get', { explanationId: started.explanationId }), (e: any) => e.status !== 'running', 'the explanation');
  const bundle = await engine.call('bundles.export', { kind: 'run', id: runId, outFile: join(home, 'exports', 'run.mbz') });
  console.log(JSON.stringify({
    version: info.version, backend: run.backend,
    datasets: [sample.numSamples, fromFile.numSamples],
    run: { status: run.status, error: run.error, epochs: run.epochsDone, accuracy: run.metrics.val?.accuracy },
    exports: { tfjs: tfjs.files, onnx: onnx.files },
    explanation: { status: explanation.status, error: explanation.error ?? null },
    bundle: { bytes: bundle.bytes },
  }));
} finally {
  await engine.close();
}
