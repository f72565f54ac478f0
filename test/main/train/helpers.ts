/** Shared fixtures for the training tests: small datasets and run inputs. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunConfig, type DatasetMeta, type HyperParamsInput, type ModelSpec, type RunEvent } from '../../../main/api/schemas.ts';
import { loadSample } from '../../../main/data/samples.ts';
import type { ParsedDataset } from '../../../main/data/types.ts';
import type { TrainInput } from '../../../main/train/trainer.ts';
import { createRng } from '../../../main/util/rng.ts';

export const MLP: ModelSpec = { layers: [{ kind: 'dense', units: 16, activation: 'relu', useBias: true }] };

let iris: ParsedDataset | null = null;
export function irisData(): ParsedDataset {
  iris ??= loadSample('iris');
  return iris;
}

/** y = 2·x0 − 3·x1 + 0.5·x2 + 1 + small noise: a linear model must fit it (r2 ≈ 1). */
export function linearData(n = 300, seed = 7): ParsedDataset {
  const rng = createRng(seed);
  const x = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const c = rng.normal();
    x.set([a, b, c], i * 3);
    y[i] = 2 * a - 3 * b + 0.5 * c + 1 + 0.1 * rng.normal();
  }
  return {
    task: 'regression', inputShape: [3], x, y, classes: [], featureNames: ['a', 'b', 'c'],
    labelName: 'y', classCounts: [], source: 'csv',
  };
}

export function metaOf(d: ParsedDataset, id = 'ds_test'): DatasetMeta {
  return {
    id, name: id, source: d.source, task: d.task, inputShape: d.inputShape, numSamples: d.y.length,
    classes: d.classes, featureNames: d.featureNames, labelName: d.labelName, classCounts: d.classCounts,
    createdAt: new Date(0).toISOString(),
  };
}

export function makeInput(
  d: ParsedDataset,
  hyperparams: HyperParamsInput,
  opts: { seed?: number; spec?: ModelSpec; runId?: string } = {},
): TrainInput {
  const config = RunConfig.parse({ datasetId: 'ds_test', spec: opts.spec ?? MLP, hyperparams, seed: opts.seed ?? 1 });
  return {
    runId: opts.runId ?? 'run_test', config, meta: metaOf(d), data: { x: d.x, y: d.y },
    artifactDir: mkdtempSync(join(tmpdir(), 'mb-train-')),
  };
}

export function collect(): { events: RunEvent[]; onEvent: (e: RunEvent) => void } {
  const events: RunEvent[] = [];
  return { events, onEvent: (e) => events.push(e) };
}

export function epochEvents(events: RunEvent[]): Extract<RunEvent, { type: 'epoch' }>[] {
  return events.filter((e): e is Extract<RunEvent, { type: 'epoch' }> => e.type === 'epoch');
}
