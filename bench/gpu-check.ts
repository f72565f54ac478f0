/**
 * The Node side of bench/gpu-check.sh (one short step per process, so the
 * shell can time each one out):
 *
 *   node bench/gpu-check.ts probe
 *     one JSON line: the WebGPU adapter Dawn finds (asked for by name, so a
 *     software one is reported too, marked software) or why there is none
 *   node bench/gpu-check.ts measure --backend webgpu|wasm --model cnn|large [--seconds 15]
 *     one JSON line: training throughput of a model with createTrainStep and
 *     Adam(1e-3), after a warm-up, for about --seconds (at least 3 steps)
 *   node bench/gpu-check.ts summary DIR
 *     gpu.json from the files the shell wrote in DIR: every figure measured,
 *     the ratios between them, and "not measured" (with the reason) for the rest
 *
 * Models: 'cnn' is the reference CNN of bench/models.ts (28x28x1, batch 64);
 * 'large' is a bigger CNN for a GPU (32x32x3, batch 256, 4 conv layers), the
 * same as in bench/gpu_torch.py.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../main/backend/select.ts';
import { adapterLabel } from '../main/backend/webgpu/adapter.ts';
import { createTrainStep } from '../main/train/step.ts';
import { buildBenchModel } from './models.ts';

type Model = 'cnn' | 'large';
const MODELS: Record<Model, { inputShape: number[]; classes: number; batch: number }> = {
  cnn: { inputShape: [28, 28, 1], classes: 10, batch: 64 },
  large: { inputShape: [32, 32, 3], classes: 10, batch: 256 },
};
/** The webgpu target of the issue: the large CNN at 5x our wasm throughput on the same machine. */
const TARGET_VS_WASM = 5;

/** conv3x3(32) conv3x3(32) maxpool2 conv3x3(64) conv3x3(64) maxpool2 flatten dense(128) dense(10), 'same' padding, ReLU. */
function largeCnn(): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: k });
  const conv = (filters: number, k: number, first = false) =>
    tf.layers.conv2d({ ...(first ? { inputShape: [32, 32, 3] } : {}), filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(k) });
  const m = tf.sequential();
  m.add(conv(32, 1, true));
  m.add(conv(32, 2));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(conv(64, 3));
  m.add(conv(64, 4));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(5) }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(6) }));
  return m;
}

function randomBatch(model: Model, seed = 1): { x: Float32Array; y: Float32Array } {
  const { inputShape, classes, batch } = MODELS[model];
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const x = Float32Array.from({ length: batch * inputShape.reduce((a, b) => a * b, 1) }, () => rnd() * 2 - 1);
  const y = Float32Array.from({ length: batch }, () => Math.floor(rnd() * classes));
  return { x, y };
}

async function probe(): Promise<object> {
  try {
    const info = await initBackend(['webgpu'], undefined, { ignoreEnv: true });
    return { ok: true, adapter: info.adapter, label: info.adapter ? adapterLabel(info.adapter) : null, versions: info.versions };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

async function measure(backend: string, model: Model, seconds: number): Promise<object> {
  const info = await initBackend([backend], undefined, { ignoreEnv: true });
  const { inputShape, batch } = MODELS[model];
  const net = model === 'cnn' ? buildBenchModel('cnn') : largeCnn();
  const optimizer = tf.train.adam(1e-3);
  const step = createTrainStep(net, optimizer, 'categorical');
  const { x, y } = randomBatch(model);
  const xs = tf.tensor(x, [batch, ...inputShape]);
  const ys = tf.tensor1d(y);
  // Two warm-up steps compile every shader (webgpu) and grow the heap (wasm); every step reads its loss back, so GPU work is finished when it returns.
  const warm0 = performance.now();
  const firstLoss = step(xs, ys);
  step(xs, ys);
  const warmupSeconds = (performance.now() - warm0) / 1000;
  const t0 = performance.now();
  let steps = 0;
  let loss = firstLoss;
  while (steps < 3 || (performance.now() - t0) / 1000 < seconds) {
    loss = step(xs, ys);
    steps++;
  }
  const elapsed = (performance.now() - t0) / 1000;
  tf.dispose([xs, ys]);
  net.dispose();
  optimizer.dispose();
  return {
    source: 'modelbench', backend: info.name, adapter: info.adapter ?? null, model, batch, steps, seconds: elapsed,
    samplesPerS: (steps * batch) / elapsed, msPerStep: (1000 * elapsed) / steps, warmupSeconds, firstLoss, lastLoss: loss,
  };
}

type Figure = { source: string; backend?: string; device?: string; model: Model; samplesPerS: number; adapter?: unknown };

function readLines(file: string): Record<string, unknown>[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

const readText = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() || null : null);

/** gpu.json: what was measured, how the figures compare, and why anything is missing. Never a figure that was not measured. */
function summary(dir: string): object {
  const ours = readLines(join(dir, 'ours.jsonl')) as unknown as (Figure & { error?: string })[];
  const torch = readLines(join(dir, 'torch.jsonl')) as unknown as (Figure & { error?: string; cuda?: boolean })[];
  const probeLine = readLines(join(dir, 'probe.json'))[0] ?? { ok: false, reason: 'the probe did not finish (timed out or crashed)' };
  const find = (list: (Figure & { error?: string })[], f: (x: Figure) => boolean) => list.find((x) => !x.error && f(x));
  const comparisons = (['cnn', 'large'] as Model[]).map((model) => {
    const webgpu = find(ours, (x) => x.model === model && x.backend === 'webgpu');
    const wasm = find(ours, (x) => x.model === model && x.backend === 'wasm');
    const cuda = find(torch, (x) => x.model === model && x.device === 'cuda');
    const ratio = (a?: Figure, b?: Figure) => (a && b ? a.samplesPerS / b.samplesPerS : null);
    return {
      model, batch: MODELS[model].batch,
      webgpuSamplesPerS: webgpu?.samplesPerS ?? null, wasmSamplesPerS: wasm?.samplesPerS ?? null, torchCudaSamplesPerS: cuda?.samplesPerS ?? null,
      webgpuVsWasm: ratio(webgpu, wasm), webgpuVsTorchCuda: ratio(webgpu, cuda),
      ...(model === 'large' ? { target: `webgpu >= ${TARGET_VS_WASM}x wasm`, pass: webgpu && wasm ? (ratio(webgpu, wasm) as number) >= TARGET_VS_WASM : null } : {}),
    };
  });
  return {
    date: new Date().toISOString(),
    gpu: readText(join(dir, 'nvidia-smi.txt')),
    vulkan: { summary: readText(join(dir, 'vulkaninfo.txt')), icdFiles: readText(join(dir, 'icd.txt'))?.split('\n').filter(Boolean) ?? [] },
    dawnAdapter: probeLine,
    comparisons,
    measurements: { ours, torch },
    notes: readText(join(dir, 'notes.txt'))?.split('\n').filter(Boolean) ?? [],
  };
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { backend: { type: 'string', default: 'webgpu' }, model: { type: 'string', default: 'cnn' }, seconds: { type: 'string', default: '15' } },
});
const command = positionals[0];
tf.env().set('PROD', true);
let out: object;
if (command === 'probe') out = await probe();
else if (command === 'measure') {
  const model = values.model as Model;
  if (!(model in MODELS)) throw new Error(`--model must be cnn or large, not ${model}`);
  out = await measure(String(values.backend), model, Number(values.seconds));
} else if (command === 'summary' && positionals[1]) out = summary(positionals[1]);
else throw new Error('usage: node bench/gpu-check.ts probe | measure --backend B --model cnn|large [--seconds S] | summary DIR');
console.log(JSON.stringify(out, null, command === 'summary' ? 2 : 0));
