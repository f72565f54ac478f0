/**
 * Ensemble commands: `ensemble create` starts an ensemble and follows it to
 * the end (one line per member; Ctrl-C cancels it, finished members are kept,
 * and `modelbench ensemble resume ID` continues it); `ensembles` lists them;
 * `ensemble show ID`, `ensemble export ID --out DIR [--format tfjs|onnx]`, `ensemble cancel|resume ID`
 * and `ensemble delete ID... [--yes]`.
 */
import { HyperParams } from '../api/schemas.ts';
import type { Engine } from '../engine/engine.ts';
import { ENSEMBLE_METHODS } from '../ensemble/types.ts';
import { EnsembleRequest, ENSEMBLE_METRICS, type EnsembleRequestInput } from '../ensemble/requests.ts';
import { META_KINDS } from '../ensemble/math/meta.ts';
import type { EnsembleDetail, EnsembleEvent } from '../ensemble/types.ts';
import { exportFormatOf } from './export.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, schemaDefault, UsageError, withEngine, type CommandContext, type Output } from './common.ts';
import { deleteCommand } from './delete.ts';
import { followJob } from './follow.ts';
import { modelFileOf, presetModel } from './model-arg.ts';
import { parseInteger, parseNumber, parseNumberList } from './numbers.ts';
import { readJsonFile } from './read-json.ts';

const shape = EnsembleRequest.shape;

export const ENSEMBLE_HELP = `Usage: modelbench ensemble create --method ${ENSEMBLE_METHODS.join('|')}
                       (--runs ID,ID,… | --study ID [--top K] |
                        --dataset NAME --members N [--model SPEC.json|PRESET] [--config HP.json] [--epochs E])
                       [--meta ${META_KINDS.join('|')}] [--folds K] [--seed S] [--name N]
       modelbench ensemble show ID
       modelbench ensemble export ID --out DIR [--format tfjs|onnx]
       modelbench ensemble resume ID | cancel ID
       modelbench ensemble delete ID... [--yes]
       modelbench ensembles

Builds one model from several: members are ordinary runs on one dataset and split.
  voting     the (weighted) average of existing runs (--runs, --study) or of N members
             trained with different seeds (--dataset); --weights w,w,… --voting hard also
             reports the majority vote
  selection  greedy forward selection with replacement on the validation rows (Caruana et al.),
             e.g. from a study's trials: --metric ${ENSEMBLE_METRICS.join('|')} (default log_loss / mse),
             --size N additions (default 25), --init-top K, --bags B
  bagging    N members on bootstrap resamples (--feature-fraction F: random feature subsets);
             reports the out-of-bag estimate
  boosting   AdaBoost (SAMME, sample weights in the loss) for classification, gradient boosting
             on residuals (--learning-rate = shrinkage, --patience P) for regression
  stacking   a meta-learner (--meta, default logistic / linear) on K-fold out-of-fold predictions
             (--folds, default ${schemaDefault(shape.folds)}) of the runs' models (--runs) or of N members (--dataset)

  --model    members' model: a spec file (docs/model-spec.md) or a preset id (default mlp-small)
  --config   members' hyperparameters (docs/hyperparams.md), replacing the preset's
  --seed     the split's seed (trained members) and every random choice's (default ${schemaDefault(shape.seed)})

With --json, every event is a JSON line and the last line is the ensemble:
{ id, name, method, status, members: [{ runId, weight, metrics }], metrics: { val, test }, size }.
Exit code: 0 completed, 1 failed, 130 cancelled (Ctrl-C).

${COMMON_HELP}`;

export const ENSEMBLES_HELP = `Usage: modelbench ensembles [--limit N] [--status S] [--search Q]

Lists ensembles, newest first.

${COMMON_HELP}`;

export async function ensembleCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    method: { type: 'string' }, runs: { type: 'string' }, study: { type: 'string' }, top: { type: 'string' },
    dataset: { type: 'string' }, members: { type: 'string' }, model: { type: 'string' }, config: { type: 'string' }, epochs: { type: 'string' },
    meta: { type: 'string' }, folds: { type: 'string' }, seed: { type: 'string' }, name: { type: 'string' },
    weights: { type: 'string' }, voting: { type: 'string' }, metric: { type: 'string' }, size: { type: 'string' }, 'init-top': { type: 'string' },
    bags: { type: 'string' }, 'feature-fraction': { type: 'string' }, 'learning-rate': { type: 'string' }, patience: { type: 'string' },
    out: { type: 'string' }, format: { type: 'string' }, yes: { type: 'boolean', default: false },
  });
  if (values.help) {
    ctx.io.stdout(`${ENSEMBLE_HELP}\n`);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action === 'delete') return deleteCommand(ctx, 'ensemble', rest, values);
  const out = createOutput(ctx.io, values.json);
  if (action === 'create') {
    expectPositionals(rest, [], 'modelbench ensemble create --method M ...');
    if (!values.method) throw new UsageError(`--method is required: ${ENSEMBLE_METHODS.join(', ')}.`);
    const modelFile = modelFileOf(values.model, '--model');
    const hpFile = values.config !== undefined ? readJsonFile(values.config, '--config', HyperParams) : undefined;
    const request: EnsembleRequestInput = {
      method: values.method as EnsembleRequestInput['method'],
      ...(values.runs !== undefined ? { runIds: values.runs.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
      ...(values.study !== undefined ? { studyId: values.study } : {}),
      ...(values.dataset !== undefined ? { datasetId: values.dataset } : {}),
      top: parseInteger(values.top, '--top', { min: 1 }),
      members: parseInteger(values.members, '--members', { min: 1 }),
      epochs: parseInteger(values.epochs, '--epochs', { min: 1 }),
      seed: parseInteger(values.seed, '--seed', { min: 0 }),
      folds: parseInteger(values.folds, '--folds', { min: 2 }),
      size: parseInteger(values.size, '--size', { min: 1 }),
      initTopK: parseInteger(values['init-top'], '--init-top', { min: 1 }),
      bags: parseInteger(values.bags, '--bags', { min: 0 }),
      patience: parseInteger(values.patience, '--patience', { min: 1 }),
      featureFraction: parseNumber(values['feature-fraction'], '--feature-fraction', { greaterThan: 0, max: 1 }),
      learningRate: parseNumber(values['learning-rate'], '--learning-rate', { greaterThan: 0, max: 1 }),
      ...(values.weights !== undefined ? { weights: parseNumberList(values.weights, '--weights', { min: 0 }) } : {}),
      meta: values.meta as EnsembleRequestInput['meta'],
      voting: values.voting as EnsembleRequestInput['voting'],
      metric: values.metric as EnsembleRequestInput['metric'],
      name: values.name,
    };
    return follow(ctx, values.home, out, async (engine) => {
      if (values.dataset !== undefined && (values.model !== undefined || hpFile !== undefined)) {
        const base = modelFile ?? (values.model !== undefined ? await presetModel(engine, values.model, '--model') : { spec: undefined, hyperparams: {} });
        if (base.spec) request.spec = base.spec;
        request.hyperparams = { ...base.hyperparams, ...hpFile };
      }
      return engine.call('ensembles.create', request);
    });
  }
  const [id, extra] = rest;
  if (action === undefined) throw new UsageError('missing action. Usage: modelbench ensemble create|show|export|resume|cancel|delete ... (modelbench ensemble --help)');
  if (!id) throw new UsageError(`missing ID. Usage: modelbench ensemble ${action} ID`);
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'.`);
  if (action === 'show') {
    const e = await withEngine(ctx, values.home, (engine) => engine.call('ensembles.get', { ensembleId: id }), { readOnly: true });
    out.result(summary(e), () => describe(e));
    return 0;
  }
  if (action === 'export') {
    if (!values.out) throw new UsageError('--out DIR is required. Usage: modelbench ensemble export ID --out DIR [--format tfjs|onnx]');
    // The merged model takes raw features either way: no --with-preprocessing to choose.
    const { format } = exportFormatOf({ format: values.format });
    const r = await withEngine(ctx, values.home, (engine) => engine.call('ensembles.export', { ensembleId: id, outDir: values.out, format }), { readOnly: true });
    out.result(r, () => `Exported ensemble ${id} to ${r.outDir}: ${r.files.map((f) => f.split(/[\\/]/).at(-1)).join(', ')}`);
    return 0;
  }
  if (action === 'resume') return follow(ctx, values.home, out, (engine) => engine.call('ensembles.resume', { ensembleId: id }));
  if (action === 'cancel') {
    const r = await withEngine(ctx, values.home, (engine) => engine.call('ensembles.cancel', { ensembleId: id }));
    out.result(r, () => (r.cancelled ? `Cancelling ${id}.` : `Ensemble ${id} is not running in this process.`));
    return 0;
  }
  throw new UsageError(`unknown action '${action}'. Usage: modelbench ensemble create|show|export|resume|cancel|delete`);
}

export async function ensemblesCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { limit: { type: 'string' }, status: { type: 'string' }, search: { type: 'string' } });
  if (values.help) {
    ctx.io.stdout(`${ENSEMBLES_HELP}\n`);
    return 0;
  }
  expectPositionals(positionals, [], 'modelbench ensembles [--limit N]');
  const out = createOutput(ctx.io, values.json);
  const query = { limit: parseInteger(values.limit, '--limit', { min: 1, max: 500 }), status: values.status as never, search: values.search };
  const page = await withEngine(ctx, values.home, (engine) => engine.call('ensembles.list', query), { readOnly: true });
  for (const e of page.items) out.record(e);
  if (page.total === 0) out.text('No ensembles. Build one: modelbench ensemble create --method voting --runs ID,ID');
  else {
    out.text(formatTable(
      ['ID', 'METHOD', 'NAME', 'STATUS', 'MEMBERS', 'VAL', 'TEST', 'CREATED'],
      page.items.map((e) => [e.id, e.method, e.name, e.status, String(e.memberCount), headline(e.metrics.val), headline(e.metrics.test), e.createdAt.slice(0, 19).replace('T', ' ')]),
    ));
    if (page.total > page.items.length) out.text(`${page.items.length} of ${page.total} shown (--limit N)`);
  }
  return 0;
}

/** The --json result: what the issue specifies, nothing the UI alone needs. */
export function summary(e: EnsembleDetail) {
  return {
    id: e.id, name: e.name, method: e.method, status: e.status,
    members: e.members.filter((m) => m.role !== 'fold' && m.weight > 0).map((m) => ({ runId: m.runId, weight: m.weight, metrics: m.metrics ?? {} })),
    metrics: { val: e.metrics.val ?? null, test: e.metrics.test ?? null },
    size: e.size,
    ...(e.error ? { error: e.error } : {}),
  };
}

const headline = (m: Record<string, number> | undefined) => (m ? (m.accuracy !== undefined ? `acc ${fmt(m.accuracy)}` : m.r2 !== undefined ? `r2 ${fmt(m.r2)}` : '-') : '-');

function describe(e: EnsembleDetail): string {
  const combined = e.members.filter((m) => m.role !== 'fold' && m.weight > 0);
  const lines = [
    `Ensemble ${e.id} '${e.name}': ${e.method} on ${e.datasetName || e.datasetId || 'a deleted dataset'}, ${e.status}${e.error ? ` (${e.error})` : ''}`,
    `  val  ${metricLine(e.metrics.val)}`,
    `  test ${metricLine(e.metrics.test)}`,
  ];
  if (e.size) lines.push(`  size ${e.size.paramCount.toLocaleString('en-US')} parameters, ${e.size.flops.toLocaleString('en-US')} FLOPs${e.size.latency ? `, ${fmt(e.size.latency.medianMs)} ms per batch of ${e.size.latency.batch}` : ''}`);
  if (e.report.outOfBag) lines.push(`  out-of-bag ${e.report.outOfBag.metric} ${fmt(e.report.outOfBag.value)} on ${e.report.outOfBag.coveredRows} rows`);
  if (e.report.path?.length) lines.push(`  selection path (${e.report.metric}): ${e.report.path.slice(0, 30).map((s) => fmt(s.value)).join(' → ')} (kept ${e.report.prefix})`);
  lines.push(formatTable(['SLOT', 'RUN', 'ROLE', 'WEIGHT', 'VAL', 'TEST'], combined.map((m) => [
    String(m.position), m.runId ?? '(deleted)', m.role, fmt(m.weight), headline(m.metrics?.val), headline(m.metrics?.test),
  ])));
  const folds = e.members.length - combined.length;
  if (folds > 0) lines.push(`  (${folds} more trained or offered members with weight 0: fold models, unselected candidates, stopped stages)`);
  return lines.join('\n');
}

function metricLine(m: Record<string, number> | undefined): string {
  return m ? Object.entries(m).map(([k, v]) => `${k} ${fmt(v)}`).join('  ') : '-';
}

function printEvent(e: EnsembleEvent, out: Output): void {
  out.record(e);
  const eta = (ms: number | null) => (ms === null ? '' : ` · eta ${Math.round(ms / 1000)}s`);
  if (e.type === 'ensemble-started') out.text(`Ensemble ${e.ensembleId} started (${e.method}): ${e.planned} member${e.planned === 1 ? '' : 's'} to train`);
  else if (e.type === 'member-finished') out.text(`member ${e.done}/${e.planned} ${e.status} (slot ${e.position}, run ${e.runId})${eta(e.etaMs)}`);
  else if (e.type === 'progress') out.text(`  ${e.note}`);
  else if (e.type === 'ensemble-finished') out.text(`Ensemble ${e.ensembleId} ${e.status}${e.error ? `: ${e.error}` : ''}`);
}

/** Starts (or resumes) an ensemble and follows it; exit 0 completed, 130 cancelled, 1 otherwise. */
async function follow(ctx: CommandContext, home: string | undefined, out: Output, start: (engine: Engine) => Promise<{ ensembleId: string }>): Promise<number> {
  const { final } = await withEngine(ctx, home, (engine) =>
    followJob(ctx, engine, {
      event: 'ensemble.event',
      idOf: (e) => e.ensembleId,
      start: async () => (await start(engine)).ensembleId,
      print: (e) => printEvent(e, out),
      check: async (ensembleId) => {
        const e = await engine.call('ensembles.get', { ensembleId });
        return e.status === 'running' ? undefined : e;
      },
      cancel: (ensembleId) => engine.call('ensembles.cancel', { ensembleId }),
      cancelNotice: (id) => `Cancelling ensemble ${id}… finished members are kept; resume with: modelbench ensemble resume ${id} (Ctrl-C again to quit at once)`,
    }),
  );
  out.result(summary(final), () => describe(final));
  if (final.status === 'completed') return 0;
  if (final.status === 'cancelled') return 130;
  ctx.io.stderr(`modelbench: error: ensemble ${final.id} ${final.status}${final.error ? `: ${final.error}` : ''}\n`);
  return 1;
}
