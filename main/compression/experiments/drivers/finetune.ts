/**
 * Fine-tune / transfer experiment: the source (a stored run, or an imported
 * tfjs Layers model) → the model warm-started from it on the target dataset
 * (first k layers frozen, new head when the classes change, its own learning
 * rate) → optionally the same architecture trained from scratch with the same
 * seed and hyperparameters, which is what transfer has to beat.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiError } from '../../../api/errors.ts';
import { HyperParams, type ModelSpec, type RunConfig } from '../../../api/schemas.ts';
import { findDataset, type JobContext } from '../../../run/context.ts';
import { assertReadable } from '../../../run/path-policy.ts';
import { outputUnitsFor } from '../../../model/builder.ts';
import { analyseSpec } from '../../../model/counts.ts';
import type { FinetuneRequest } from '../../requests.ts';
import { fmtShape, modelRun, sequence, withOverrides, type Driver, type NextStep } from './common.ts';
import { formatStepLabel } from '../../step-label.ts';

/** The folder of an external model (given its model.json or the folder), checked against the path policy. */
export function externalModelDir(ctx: JobContext, path: string): string {
  const full = assertReadable(ctx.paths, path, 'model');
  const dir = existsSync(full) && statSync(full).isDirectory() ? full : dirname(full);
  if (!existsSync(join(dir, 'model.json'))) throw new ApiError('not_found', `No tfjs Layers model.json at ${path}.`);
  return dir;
}

type Topology = { modelTopology?: { config?: { layers?: { class_name?: string; config?: Record<string, unknown> }[] } | { class_name?: string; config?: Record<string, unknown> }[] } };

/** Per-sample input shape declared in a model.json, or null when it does not say. */
export function declaredInputShape(dir: string): number[] | null {
  try {
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Topology;
    const config = json.modelTopology?.config;
    const layers = Array.isArray(config) ? config : (config?.layers ?? []);
    const first = layers.find((l) => l.class_name === 'InputLayer') ?? layers[0];
    const shape = (first?.config?.batch_input_shape ?? first?.config?.batchInputShape) as (number | null)[] | undefined;
    return shape ? (shape.slice(1) as number[]) : null;
  } catch {
    return null;
  }
}

export async function finetuneDriver(ctx: JobContext, req: FinetuneRequest): Promise<Driver> {
  const target = await findDataset(ctx, req.datasetId);
  const outputUnits = outputUnitsFor(target.task, target.classes);
  const source = req.runId ? await modelRun(ctx, req.runId, 'source') : null;
  const modelDir = source ? source.dir : externalModelDir(ctx, req.modelPath as string);
  const sourceShape = source ? source.dataset.inputShape : declaredInputShape(modelDir);
  const sourceName = source ? `run '${source.run.name}'` : `the model at ${modelDir}`;
  if (sourceShape && fmtShape(sourceShape) !== fmtShape(target.inputShape)) {
    throw new ApiError(
      'invalid_argument',
      `Cannot transfer ${sourceName} to dataset '${target.name}': the model takes inputs of shape ${fmtShape(sourceShape)} but the dataset's samples have shape ${fmtShape(target.inputShape)}.`,
    );
  }
  const sameTask = source ? source.dataset.id === target.id || source.dataset.classes.join('\u0000') === target.classes.join('\u0000') : false;
  const newHead = req.newHead ?? !sameTask;
  // External models come with no spec and no preprocessing: feed the data as stored.
  const spec: ModelSpec = source ? source.run.config.spec : { name: 'imported model', layers: [] };
  const baseHp = source ? source.run.config.hyperparams : HyperParams.parse({ preprocess: 'none' });
  const hyperparams = withOverrides(baseHp, req);
  const seed = req.seed ?? source?.run.config.seed ?? 42;
  const count = source ? analyseSpec(spec, target.inputShape, outputUnits) : null;
  const counts = count?.ok ? { paramCount: count.paramCount, flops: count.flops } : { paramCount: 0, flops: 0 };
  const relation = source && source.dataset.id === target.id ? 'fine-tuned' : 'transferred';
  const config = (name: string): RunConfig => ({ datasetId: target.id, spec, hyperparams, seed, name });

  const items: NextStep[] = [
    { kind: 'baseline', label: formatStepLabel({ key: source ? 'source' : 'importedModel', params: {} }), runId: source ? source.run.id : null, modelDir },
    {
      kind: 'transferred',
      label: formatStepLabel({ key: relation === 'fine-tuned' ? 'fineTuned' : 'transferred', params: { freeze: req.freeze } }),
      build: async () => {
        const plan = { init: { modelDir, freeze: req.freeze, newHead } };
        const name = `${spec.name ?? 'model'} ${relation} to ${target.name} (${req.freeze} frozen)`;
        return {
          config: config(name), name, dataset: target, plan, ...counts,
          lineage: source ? { parentRunId: source.run.id, relation } : undefined,
          stepConfig: { plan, hyperparams, source: source ? source.run.id : modelDir },
        };
      },
    },
  ];
  if (req.scratch) {
    items.push({
      kind: 'scratch',
      label: formatStepLabel({ key: 'fromScratch', params: {} }),
      build: async () => {
        const name = `${spec.name ?? 'model'} from scratch on ${target.name}`;
        // A spec can be rebuilt; an imported architecture is re-created from its topology with fresh weights.
        const plan = source ? undefined : { init: { modelDir, newHead, reinitialize: true } };
        return { config: config(name), name, dataset: target, plan, ...counts, stepConfig: { hyperparams, ...(plan ? { plan } : {}) } };
      },
    });
  }
  return {
    next: (done) => sequence(items, done),
    best: (done) => done.find((s) => s.kind === 'transferred' && s.status === 'completed')?.step ?? null,
  };
}
