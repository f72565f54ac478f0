/**
 * Distill experiment: teacher (baseline) → the student trained alone → the
 * student distilled from the teacher. The teacher is a run, or an ensemble's
 * merged model (which takes raw features: the trainer undoes the student's
 * preprocessing in front of it, plan.distill.rawInputs). Both students use the teacher's seed,
 * split and preprocessing, so they see the same rows as each other and as the
 * teacher (its fitted recipe is then identical, and the teacher never grades rows
 * it was not trained on differently from the student's): the only difference
 * between the two students is the soft-target loss.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredDataset } from '../../../../db/store.ts';
import { ApiError } from '../../../api/errors.ts';
import type { FinalMetrics, HyperParams, RunConfig } from '../../../api/schemas.ts';
import { ensembleDir } from '../../../ensemble/job/runner.ts';
import { findDataset, type JobContext } from '../../../run/context.ts';
import { outputUnitsFor } from '../../../model/builder.ts';
import { analyseSpec } from '../../../model/counts.ts';
import type { DistillRequest } from '../../requests.ts';
import { fmtShape, modelRun, sequence, withOverrides, type Driver, type NextStep } from './common.ts';
import { formatStepLabel } from '../../step-label.ts';

/** The teacher: a run, or an ensemble's merged model (raw features in); with the seed and hyperparameters the students copy. */
type Teacher = { name: string; runId: string | null; dir: string; dataset: StoredDataset; seed: number; hyperparams: HyperParams; rawInputs: boolean; metrics?: Pick<FinalMetrics, 'val' | 'test'> };

async function teacherOf(ctx: JobContext, req: DistillRequest): Promise<Teacher> {
  if ((req.teacherRunId === undefined) === (req.teacherEnsembleId === undefined)) {
    throw new ApiError('invalid_argument', 'give the teacher as exactly one of teacherRunId (a run) or teacherEnsembleId (an ensemble)');
  }
  if (req.teacherRunId !== undefined) {
    const { run, dir, dataset } = await modelRun(ctx, req.teacherRunId, 'teacher');
    return { name: run.name, runId: run.id, dir, dataset, seed: run.config.seed, hyperparams: run.config.hyperparams, rawInputs: false };
  }
  const ensemble = await ctx.store.ensembles.get(req.teacherEnsembleId as string);
  if (!ensemble) throw new ApiError('not_found', `No ensemble with id '${req.teacherEnsembleId}' (the teacher).`);
  const dir = ensembleDir(ctx.home, ensemble.id);
  if (ensemble.status !== 'completed' || !existsSync(join(dir, 'model.json'))) {
    throw new ApiError('conflict', `Ensemble '${ensemble.name}' (${ensemble.id}) is ${ensemble.status} and has no merged model; the teacher must be a completed ensemble.`);
  }
  // The students train on the members' split: the first combined member's seed and hyperparameters.
  const member = ensemble.members.find((m) => m.role !== 'fold' && m.weight > 0 && m.runId);
  const run = member ? await ctx.store.runs.get(member.runId as string) : undefined;
  if (!run || !ensemble.datasetId) throw new ApiError('conflict', `Ensemble '${ensemble.name}' lost its member runs or its dataset; its split cannot be reproduced for the students.`);
  return { name: ensemble.name, runId: null, dir, dataset: await findDataset(ctx, ensemble.datasetId), seed: run.config.seed, hyperparams: run.config.hyperparams, rawInputs: true, metrics: ensemble.metrics };
}

export async function distillDriver(ctx: JobContext, req: DistillRequest): Promise<Driver> {
  const teacher = await teacherOf(ctx, req);
  const { dataset, dir } = teacher;
  if (dataset.task !== 'classification') {
    throw new ApiError('invalid_argument', `The teacher '${teacher.name}' is a regression model; distillation needs a classifier (soft targets are class probabilities).`);
  }
  const count = analyseSpec(req.student, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
  if (!count.ok) {
    throw new ApiError('cannot_build', `The student cannot take the teacher's input ${fmtShape(dataset.inputShape)} (dataset '${dataset.name}'): ${count.error}.`);
  }
  const hyperparams = withOverrides(teacher.hyperparams, req);
  const studentName = req.student.name ?? 'student';
  const config = (suffix: string): RunConfig => ({
    datasetId: dataset.id, spec: req.student, hyperparams, seed: teacher.seed, name: `${studentName} ${suffix}`,
  });
  const common = { dataset, paramCount: count.paramCount, flops: count.flops };
  const label = formatStepLabel({ key: 'distilled', params: { temperature: req.temperature, alpha: req.alpha } });
  const steps: NextStep[] = [
    { kind: 'baseline', label: formatStepLabel({ key: teacher.rawInputs ? 'teacherEnsemble' : 'teacher', params: {} }), runId: teacher.runId, modelDir: dir, metrics: teacher.metrics },
    {
      kind: 'student',
      label: formatStepLabel({ key: 'studentAlone', params: {} }),
      build: async () => ({ ...common, config: config('alone'), name: `${studentName} alone`, stepConfig: { spec: req.student, hyperparams } }),
    },
    {
      kind: 'distilled',
      label,
      build: async () => {
        const plan = { distill: { teacherDir: dir, temperature: req.temperature, alpha: req.alpha, ...(teacher.rawInputs ? { rawInputs: true } : {}) } };
        return {
          ...common, config: config(`distilled from ${teacher.name}`), name: `${studentName} distilled from ${teacher.name}`, plan,
          ...(teacher.runId ? { lineage: { parentRunId: teacher.runId, relation: 'distilled' } } : {}),
          stepConfig: { spec: req.student, hyperparams, temperature: req.temperature, alpha: req.alpha },
        };
      },
    },
  ];
  return {
    next: (done) => sequence(steps, done),
    best: (done) => done.find((s) => s.kind === 'distilled' && s.status === 'completed')?.step ?? null,
  };
}
