/**
 * Distill experiment: teacher (baseline) → the student trained alone → the
 * student distilled from the teacher. Both students use the teacher's seed,
 * split and preprocessing, so they see the same rows as each other and as the
 * teacher (its fitted recipe is then identical, and the teacher never grades rows
 * it was not trained on differently from the student's): the only difference
 * between the two students is the soft-target loss.
 */
import { ApiError } from '../../../api/errors.ts';
import type { RunConfig } from '../../../api/schemas.ts';
import type { JobContext } from '../../../run/context.ts';
import { outputUnitsFor } from '../../../model/builder.ts';
import { analyseSpec } from '../../../model/counts.ts';
import type { DistillRequest } from '../../requests.ts';
import { fmtShape, modelRun, sequence, withOverrides, type Driver, type NextStep } from './common.ts';

export async function distillDriver(ctx: JobContext, req: DistillRequest): Promise<Driver> {
  const { run: teacher, dir, dataset } = await modelRun(ctx, req.teacherRunId, 'teacher');
  if (dataset.task !== 'classification') {
    throw new ApiError('invalid_argument', `The teacher '${teacher.name}' is a regression model; distillation needs a classifier (soft targets are class probabilities).`);
  }
  const count = analyseSpec(req.student, dataset.inputShape, outputUnitsFor(dataset.task, dataset.classes));
  if (!count.ok) {
    throw new ApiError('cannot_build', `The student cannot take the teacher's input ${fmtShape(dataset.inputShape)} (dataset '${dataset.name}'): ${count.error}.`);
  }
  const hyperparams = withOverrides(teacher.config.hyperparams, req);
  const studentName = req.student.name ?? 'student';
  const config = (suffix: string): RunConfig => ({
    datasetId: dataset.id, spec: req.student, hyperparams, seed: teacher.config.seed, name: `${studentName} ${suffix}`,
  });
  const common = { dataset, paramCount: count.paramCount, flops: count.flops };
  const label = `distilled (T=${req.temperature}, α=${req.alpha})`;
  const steps: NextStep[] = [
    { kind: 'baseline', label: 'teacher', runId: teacher.id, modelDir: dir },
    {
      kind: 'student',
      label: 'student alone',
      build: async () => ({ ...common, config: config('alone'), name: `${studentName} alone`, stepConfig: { spec: req.student, hyperparams } }),
    },
    {
      kind: 'distilled',
      label,
      build: async () => {
        const plan = { distill: { teacherDir: dir, temperature: req.temperature, alpha: req.alpha } };
        return {
          ...common, config: config(`distilled from ${teacher.name}`), name: `${studentName} distilled from ${teacher.name}`, plan,
          lineage: { parentRunId: teacher.id, relation: 'distilled' }, stepConfig: { spec: req.student, hyperparams, temperature: req.temperature, alpha: req.alpha },
        };
      },
    },
  ];
  return {
    next: (done) => sequence(steps, done),
    best: (done) => done.find((s) => s.kind === 'distilled' && s.status === 'completed')?.step ?? null,
  };
}
