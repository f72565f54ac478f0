/**
 * Prune experiment: baseline → pruned run (fine-tuned from the baseline's
 * weights). Magnitude pruning happens in the worker (plan.pruning); structured
 * pruning rewrites the model here, on the engine thread (it is model surgery,
 * not training), saves it as the new run's starting point and fine-tunes it.
 */
import { join } from 'node:path';
import { ApiError } from '../../../api/errors.ts';
import type { RunConfig } from '../../../api/schemas.ts';
import type { JobContext } from '../../../run/context.ts';
import { outputUnitsFor } from '../../../model/builder.ts';
import { analyseSpec } from '../../../model/counts.ts';
import { loadModelFiles, saveModelFiles } from '../../../model/io.ts';
import { prunableKernels } from '../../magnitude/pruner.ts';
import type { PruneRequest } from '../../requests.ts';
import { planStructuredPrune, structuredPrune } from '../../structured/index.ts';
import { modelFlops } from '../../flops.ts';
import { modelRun, sequence, withOverrides, type Driver, type NextStep } from './common.ts';
import { formatStepLabel, sparsityPercent } from '../../step-label.ts';

/** Checks what can be checked before the experiment starts (layer kinds, options), so bad input fails the request. */
export async function validatePrune(ctx: JobContext, req: PruneRequest): Promise<void> {
  const { run, dir, dataset } = await modelRun(ctx, req.runId, 'run to prune');
  const model = await loadModelFiles(dir);
  try {
    if (req.method === 'magnitude') prunableKernels(model, req.layers);
    else {
      const io = { inputShape: dataset.inputShape, outputUnits: outputUnitsFor(dataset.task, dataset.classes), task: dataset.task };
      planStructuredPrune(model, run.config.spec, io, { ratio: req.targetSparsity, criterion: req.criterion, layers: req.layers });
    }
  } finally {
    model.dispose();
  }
}

export async function pruneDriver(ctx: JobContext, req: PruneRequest): Promise<Driver> {
  const { run: base, dir, dataset } = await modelRun(ctx, req.runId, 'run to prune');
  const hyperparams = withOverrides(base.config.hyperparams, req);
  const percent = sparsityPercent(req.targetSparsity);
  const label = formatStepLabel(
    req.method === 'magnitude'
      ? { key: 'magnitude', params: { schedule: req.schedule, scope: req.scope, percent } }
      : { key: 'structured', params: { criterion: req.criterion, percent } },
  );
  const io = { inputShape: dataset.inputShape, outputUnits: outputUnitsFor(dataset.task, dataset.classes), task: dataset.task };
  const steps: NextStep[] = [
    { kind: 'baseline', label: formatStepLabel({ key: 'baseline', params: {} }), runId: base.id, modelDir: dir },
    {
      kind: 'pruned',
      label,
      async build(run: { runId: string; artifactDir: string }) {
        const config: RunConfig = { ...base.config, hyperparams, name: `${base.name} · ${label}` };
        if (req.method === 'magnitude') {
          const plan = {
            init: { modelDir: dir },
            pruning: { kind: 'magnitude' as const, targetSparsity: req.targetSparsity, schedule: req.schedule, scope: req.scope, layers: req.layers },
          };
          return { config, name: config.name as string, dataset, plan, lineage: { parentRunId: base.id, relation: 'pruned' }, stepConfig: { method: 'magnitude', plan, hyperparams }, paramCount: base.paramCount, flops: base.flops };
        }
        // Structured: shrink the model now; the worker fine-tunes the smaller model.
        const original = await loadModelFiles(dir);
        try {
          const pruned = structuredPrune(original, base.config.spec, io, { ratio: req.targetSparsity, criterion: req.criterion, layers: req.layers });
          try {
            const initDir = join(run.artifactDir, 'init');
            await saveModelFiles(pruned.model, initDir);
            const count = analyseSpec(pruned.spec, io.inputShape, io.outputUnits);
            if (!count.ok) throw new ApiError('cannot_build', `The pruned model cannot be built: ${count.error}`);
            const plan = { init: { modelDir: initDir } };
            return {
              config: { ...config, spec: pruned.spec }, name: config.name as string, dataset, plan,
              lineage: { parentRunId: base.id, relation: 'pruned' },
              stepConfig: { method: 'structured', ratio: req.targetSparsity, criterion: req.criterion, removed: pruned.removed, spec: pruned.spec, hyperparams },
              paramCount: pruned.model.countParams(), flops: modelFlops(pruned.model),
            };
          } finally {
            pruned.model.dispose();
          }
        } finally {
          original.dispose();
        }
      },
    },
  ];
  return {
    next: (done) => sequence(steps, done),
    best: (done) => done.find((s) => s.kind === 'pruned' && s.status === 'completed')?.step ?? null,
  };
}
