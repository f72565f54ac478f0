/**
 * Diagnose handlers: a run's recorded diagnostics (runs.diagnostics), the
 * advisor's findings on them and its loss curves (runs.diagnose), and a
 * finding's suggested change started as a new run with lineage 'advised'
 * (runs.applyFix). The advisor (main/diagnose/advisor) is pure; this file
 * feeds it from the store.
 */
import { ApiError, describeZodError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import { RunConfig, type RunRecord } from '../api/schemas.ts';
import { fitTargetScaling, scaleTargets } from '../data/preprocess.ts';
import { splitIndices } from '../data/split.ts';
import { loadDatasetFiles } from '../data/store.ts';
import { advise } from '../diagnose/advisor/index.ts';
import type { AdvisorInput, ConfigPatch, Diagnosis, Finding, FindingCode } from '../diagnose/advisor/types.ts';
import { lossCurves } from '../diagnose/curves.ts';
import { layerSummaries } from '../diagnose/layer-summary.ts';
import type { EpochDiagnostics } from '../diagnose/types.ts';
import { gatherValues } from '../train/batches.ts';
import { trivialLoss } from '../train/divergence.ts';
import { findDataset, type JobContext } from '../run/context.ts';
import { datasetFilesDir } from '../storage/artifacts.ts';
import { applyPaths } from '../study/params-to-config.ts';
import { getRun } from './runs.ts';

/** The relation of a run started from an advisor's finding to the run it fixes. */
export const ADVISED = 'advised';

/**
 * A constant prediction's loss in the units the run trained in (trivialLoss):
 * ln C for classification; for regression the variance of the training targets
 * after the run's target scaling, recomputed from the dataset and the run's
 * seeded split, so it exists for diverged runs too (they store no split file).
 */
async function baselineLoss(ctx: JobContext, run: RunRecord): Promise<number | undefined> {
  const dataset = await findDataset(ctx, run.datasetId);
  if (dataset.task === 'classification') return trivialLoss('classification', dataset.classes.length, []);
  try {
    const { y } = loadDatasetFiles(await datasetFilesDir(ctx, dataset));
    const hp = run.config.hyperparams;
    const train = splitIndices(y, dataset.task, hp.split, run.config.seed).train;
    const scaling = fitTargetScaling(hp.targetScaling, y, train);
    return trivialLoss('regression', 0, gatherValues(scaleTargets(scaling, y), train, 0, train.length));
  } catch {
    return undefined; // the dataset's files are gone: the advisor falls back on the first epoch's loss
  }
}

export async function advisorInput(ctx: JobContext, run: RunRecord, diagnostics: EpochDiagnostics[]): Promise<AdvisorInput> {
  return {
    curves: lossCurves(await ctx.store.metrics.get(run.id)),
    diagnostics,
    config: { spec: run.config.spec, hyperparams: run.config.hyperparams },
    baselineLoss: await baselineLoss(ctx, run),
    status: run.status,
  };
}

async function diagnose(ctx: JobContext, runId: string): Promise<{ run: RunRecord; diagnosis: Diagnosis }> {
  const run = await getRun(ctx, runId);
  const diagnostics = await ctx.store.diagnostics.get(runId);
  const findings = advise(await advisorInput(ctx, run, diagnostics));
  return { run, diagnosis: { runId, findings, layers: layerSummaries(diagnostics), epochsRecorded: diagnostics.length } };
}

/** The run config with a finding's patches applied (dotted paths into spec and hyperparams), validated. */
export function patchedConfig(config: RunConfig, patches: readonly ConfigPatch[]): RunConfig {
  const params = Object.fromEntries(patches.map((p) => [p.path, p.value]));
  const unchecked = {
    ...config,
    spec: applyPaths(config.spec as unknown as Record<string, unknown>, params, 'spec'),
    hyperparams: applyPaths(config.hyperparams as unknown as Record<string, unknown>, params, 'hyperparams'),
  };
  const parsed = RunConfig.safeParse(unchecked);
  if (!parsed.success) throw new ApiError('invalid_argument', `the suggested change does not make a valid run config: ${describeZodError(parsed.error)}`);
  return parsed.data;
}

function pickFinding(findings: Finding[], code: FindingCode, layer: string | undefined, runName: string): Finding & { change: NonNullable<Finding['change']> } {
  const match = findings.find((f) => f.code === code && (layer === undefined || f.layer === layer) && f.change !== null);
  if (match) return match as Finding & { change: NonNullable<Finding['change']> };
  const listed = findings.map((f) => `${f.code}${f.layer ? ` (${f.layer})` : ''}${f.change ? '' : ' without a change'}`).join(', ');
  throw new ApiError(
    'invalid_argument',
    `run '${runName}' has no ${code}${layer ? ` finding for layer ${layer}` : ' finding'} with a suggested change; its findings: ${listed || 'none'}`,
  );
}

export function diagnoseHandlers(ctx: JobContext) {
  return {
    'runs.diagnostics': async ({ runId, maxEpochs }: ParsedParams<'runs.diagnostics'>) => {
      await getRun(ctx, runId);
      const [epochs, recorded] = await Promise.all([ctx.store.diagnostics.get(runId, maxEpochs), ctx.store.diagnostics.epochs(runId)]);
      return { runId, epochs, recorded: recorded.length };
    },
    'runs.diagnose': async ({ runId }: ParsedParams<'runs.diagnose'>): Promise<Diagnosis> => (await diagnose(ctx, runId)).diagnosis,
    'runs.applyFix': async ({ runId, code, layer, name }: ParsedParams<'runs.applyFix'>) => {
      const { run, diagnosis } = await diagnose(ctx, runId);
      const finding = pickFinding(diagnosis.findings, code, layer, run.name);
      const config = patchedConfig(run.config, finding.change.patches);
      const dataset = await findDataset(ctx, run.datasetId);
      const handle = await ctx.launcher.start({
        config,
        dataset,
        name: name ?? `${run.name} · ${finding.change.summary}`.slice(0, 200),
        notes: `Advised by ${finding.code}${finding.layer ? ` in ${finding.layer}` : ''}: ${finding.evidence}\nChange: ${finding.change.summary}`,
        tags: run.tags,
        lineage: { parentRunId: run.id, relation: ADVISED },
      });
      return { runId: handle.runId, parentRunId: run.id, code: finding.code, change: finding.change };
    },
  };
}
