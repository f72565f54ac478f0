/** Fixtures for the compression tests: a trained iris / digits model on disk, and plan-carrying train inputs. */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetMeta, HyperParamsInput, ModelSpec } from '../../../main/api/schemas.ts';
import type { ExperimentDetail, ExperimentEvent, TrainPlan } from '../../../main/compression/types.ts';
import type { Engine } from '../../../main/engine/engine.ts';
import { loadSample } from '../../../main/data/samples.ts';
import type { ParsedDataset } from '../../../main/data/types.ts';
import { trainRun, type TrainInput, type TrainResult } from '../../../main/train/trainer.ts';
import { collect, makeInput } from '../train/helpers.ts';

export { irisData, collect } from '../train/helpers.ts';

let digits: ParsedDataset | null = null;
export function digitsData(): ParsedDataset {
  digits ??= loadSample('digits');
  return digits;
}

export const MLP32: ModelSpec = { layers: [{ kind: 'dense', units: 32, activation: 'relu', useBias: true }, { kind: 'dense', units: 16, activation: 'relu', useBias: true }] };

export async function train(
  data: ParsedDataset,
  hp: HyperParamsInput,
  opts: { spec?: ModelSpec; seed?: number; plan?: TrainPlan } = {},
): Promise<{ input: TrainInput; result: TrainResult; cleanup(): void }> {
  const input: TrainInput = { ...makeInput(data, hp, { spec: opts.spec ?? MLP32, seed: opts.seed ?? 3 }), plan: opts.plan };
  const result = await trainRun(input, collect());
  return { input, result, cleanup: () => rmSync(input.artifactDir, { recursive: true, force: true }) };
}

/** Resolves with the experiment's stored detail once the engine announces that it finished. */
export function waitExperiment(engine: Engine, experimentId: string): Promise<ExperimentDetail> {
  return new Promise((resolve) => {
    const stop = engine.subscribe((name, payload) => {
      const e = payload as ExperimentEvent;
      if (name === 'experiment.event' && e.type === 'experiment-finished' && e.experimentId === experimentId) {
        stop();
        void engine.call('experiments.get', { experimentId }).then(resolve);
      }
    });
  });
}

/** A two-class text dataset (80 short support messages, delivery or payment) imported from a CSV in `dir`. */
export async function importOrdersText(engine: Engine, dir: string): Promise<DatasetMeta> {
  const csv = join(dir, 'orders.csv');
  const rows = Array.from({ length: 80 }, (_, i) => (i % 2 ? `"where is my parcel, order ${i} late",delivery` : `"card charged twice for order ${i}",payment`));
  writeFileSync(csv, ['text,label', ...rows].join('\n'));
  return engine.call('datasets.importPath', { path: csv, textColumns: ['text'], maxLength: 10 });
}
