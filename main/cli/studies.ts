/**
 * `modelbench study …` (create, ask, tell, report, show, export, update) and
 * `modelbench studies`. ask/tell/report make any program tunable from a shell
 * script: each call is one short engine session on the same SQLite file.
 */
import { resolve } from 'node:path';
import type { StudyDetail, ImportanceResult, StudyInfo, TrialRow } from '../api/contract.ts';
import { StudyConfig } from '../study/config.ts';
import { spaceSchema } from '../tuner/space.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { deleteCommand } from './delete.ts';
import { EXPORT_FORMAT_OPTIONS, exportFormatOf } from './export.ts';
import { parseInteger, parseNumber, parseNumberList } from './numbers.ts';
import { checkJson, parseJsonText, readJsonFile } from './read-json.ts';

export const STUDY_HELP = `Usage:
  modelbench study create --space SPACE.json [--sampler S] [--direction minimize|maximize[,…]] [--pruner P] [--name N] [--seed S]
  modelbench study create STUDY.json             a full study config (see docs/studies-api.md); does not run it
  modelbench study ask ID                        prints {"number":N,"params":{…}}; the trial is stored running
  modelbench study tell ID TRIAL VALUE[,VALUE…]  or: --state failed|pruned [--error MSG]
  modelbench study report ID TRIAL STEP VALUE    stores an intermediate value, prints {"prune":true|false}
  modelbench study show ID [--limit N]           trials (best first), best trial(s), importance
  modelbench study export ID [--out DIR] [--trial N] [--format tfjs|onnx] [--with-preprocessing]
                                                   export the best (or given) trial's model
  modelbench study update ID [--space F] [--sampler S] [--pruner P] [--trials N] [--name N]
  modelbench study delete ID... [--yes]         delete studies and their trials (their runs stay)
  modelbench studies [--limit N] [--search Q]    list studies
  modelbench tune STUDY.json [--workers N] | --resume ID   run a study (see: modelbench tune --help)

Samplers: grid, random, tpe, gp, genetic, nsga2. Pruners: none, median, percentile,
successive-halving (asha), hyperband, or a JSON object {"kind": …, options}.
VALUE may be negative (-0.5, -1e-3). Base hyperparameters and specs of a study
config: docs/hyperparams.md, docs/model-spec.md.

${COMMON_HELP}`;

/** --pruner NAME or --pruner '{"kind":…}'. */
const settingArg = (value: string | undefined): unknown => (value?.trim().startsWith('{') ? parseJsonText(value, '--pruner') : value);
/** SPACE.json is { params: {…} } or just the params map; checked here so the error names the file. */
function readSpace(path: string): unknown {
  const json = readJsonFile(path, '--space');
  return checkJson(json && typeof json === 'object' && 'params' in json ? json : { params: json }, spaceSchema, `--space: ${path}`);
}

/** STUDY.json: a whole study config (docs/studies-api.md), checked against its schema before the engine starts. */
export function readStudyFile(path: string): Record<string, unknown> {
  return readJsonFile(path, 'STUDY.json', StudyConfig) as Record<string, unknown>;
}

export async function studiesCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { limit: { type: 'string' }, search: { type: 'string' } });
  if (values.help) return help(ctx);
  expectPositionals(positionals, [], 'modelbench studies [--limit N] [--search Q]');
  const out = createOutput(ctx.io, values.json);
  const limit = parseInteger(values.limit, '--limit', { min: 1 }) ?? 50;
  const page = await withEngine(ctx, values.home, (e) => e.call('studies.list', { limit, search: values.search }), { readOnly: true });
  for (const s of page.items) out.record(s);
  if (!out.json) {
    if (!page.total) out.text('No studies. Create one: modelbench tune STUDY.json');
    else out.text(formatTable(['ID', 'NAME', 'STATUS', 'SAMPLER', 'PRUNER', 'TRIALS', 'COMPLETE', 'PRUNED', 'FAILED', 'CREATED'], page.items.map((s) => [
      s.id, s.name, s.status, s.sampler, s.pruner, String(s.counts.total), String(s.counts.complete), String(s.counts.pruned), String(s.counts.failed), s.createdAt.slice(0, 19).replace('T', ' '),
    ])));
  }
  return 0;
}

export async function studyCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    space: { type: 'string' }, sampler: { type: 'string' }, direction: { type: 'string' }, pruner: { type: 'string' }, name: { type: 'string' },
    seed: { type: 'string' }, state: { type: 'string' }, error: { type: 'string' }, out: { type: 'string' }, trial: { type: 'string' },
    trials: { type: 'string' }, limit: { type: 'string' }, yes: { type: 'boolean', default: false }, ...EXPORT_FORMAT_OPTIONS,
  });
  const [sub, ...rest] = positionals;
  if (values.help || !sub) return help(ctx);
  const out = createOutput(ctx.io, values.json);
  const call = <T>(fn: Parameters<typeof withEngine<T>>[2]) => withEngine(ctx, values.home, fn);
  const read = <T>(fn: Parameters<typeof withEngine<T>>[2]) => withEngine(ctx, values.home, fn, { readOnly: true });
  const int = (v: string, what: string) => parseInteger(v, what, { min: 0 });
  switch (sub) {
    case 'create': {
      let config: Record<string, unknown>;
      if (rest.length === 1 && values.space === undefined) config = readStudyFile(rest[0]);
      else {
        expectPositionals(rest, [], 'modelbench study create --space SPACE.json [...]');
        if (!values.space) throw new UsageError('--space SPACE.json (or a STUDY.json) is required.');
        const directions = (values.direction ?? 'minimize').split(',').map((d) => d.trim());
        config = {
          space: readSpace(values.space),
          objectives: directions.map((direction) => ({ kind: 'value', direction })),
          ...(values.sampler ? { sampler: values.sampler } : {}),
        };
      }
      if (values.pruner) config.pruner = settingArg(values.pruner);
      if (values.sampler && rest.length === 1) config.sampler = values.sampler;
      if (values.name) config.name = values.name;
      if (values.seed !== undefined) config.seed = int(values.seed, '--seed');
      const study = await call((e) => e.call('studies.create', { config: config as never }));
      out.result(study, () => study.id);
      return 0;
    }
    case 'ask': {
      const [id] = expectPositionals(rest, ['ID'], 'modelbench study ask ID');
      const trial = await call((e) => e.call('studies.ask', { studyId: id }));
      ctx.io.stdout(`${JSON.stringify(trial)}\n`);
      return 0;
    }
    case 'tell': {
      const usage = 'modelbench study tell ID TRIAL VALUE[,VALUE…] | --state failed|pruned';
      const state = (values.state ?? 'complete') as 'complete' | 'failed' | 'pruned';
      if (!['complete', 'failed', 'pruned'].includes(state)) throw new UsageError(`--state must be failed or pruned, got '${state}'.`);
      const [id, trial, valueText] = expectPositionals(rest, state === 'complete' ? ['ID', 'TRIAL', 'VALUE'] : ['ID', 'TRIAL'], usage);
      const valuesList = valueText === undefined ? undefined : parseNumberList(valueText, 'VALUE');
      const r = await call((e) => e.call('studies.tell', { studyId: id, number: int(trial, 'TRIAL'), values: valuesList, state, error: values.error }));
      out.result(r, () => `trial ${r.number} ${r.state}`);
      return 0;
    }
    case 'report': {
      const [id, trial, step, value] = expectPositionals(rest, ['ID', 'TRIAL', 'STEP', 'VALUE'], 'modelbench study report ID TRIAL STEP VALUE');
      const r = await call((e) => e.call('studies.report', { studyId: id, number: int(trial, 'TRIAL'), step: int(step, 'STEP'), value: parseNumber(value, 'VALUE') }));
      ctx.io.stdout(`${JSON.stringify(r)}\n`);
      return 0;
    }
    case 'show': {
      const [id] = expectPositionals(rest, ['ID'], 'modelbench study show ID');
      const limit = parseInteger(values.limit, '--limit', { min: 1 }) ?? 20;
      const r = await read(async (e) => {
        const detail = await e.call('studies.get', { studyId: id });
        const order = detail.study.objectives[0]?.direction === 'maximize' ? 'desc' : 'asc';
        const trials = await e.call('studies.trials', { studyId: id, sort: 'value', order, limit: Math.min(limit, 1000) });
        return { detail, trials, importance: await e.call('studies.importance', { studyId: id }) };
      });
      const items = r.trials.items;
      out.result({ ...r.detail, trials: items, importance: r.importance }, () => describeStudy(r.detail, items, r.importance));
      return 0;
    }
    case 'export': {
      const [id] = expectPositionals(rest, ['ID'], 'modelbench study export ID [--out DIR] [--trial N] [--format tfjs|onnx] [--with-preprocessing]');
      const format = exportFormatOf(values);
      const outDir = values.out !== undefined ? resolve(values.out) : undefined;
      const r = await read((e) => e.call('studies.exportBest', { studyId: id, outDir, number: values.trial !== undefined ? int(values.trial, '--trial') : undefined, ...format }));
      out.result(r, () => `Exported trial ${r.number} (run ${r.runId}) to ${r.outDir}\n${r.files.map((f) => `  ${f}`).join('\n')}`);
      return 0;
    }
    case 'update': {
      const [id] = expectPositionals(rest, ['ID'], 'modelbench study update ID [--space F] [--sampler S] [--pruner P] [--trials N]');
      const r = await call((e) => e.call('studies.update', {
        studyId: id, name: values.name, space: values.space ? (readSpace(values.space) as never) : undefined,
        sampler: values.sampler as never, pruner: settingArg(values.pruner) as never, nTrials: parseInteger(values.trials, '--trials', { min: 1 }),
      }));
      for (const w of r.warnings) out.warn(`warning: ${w}`);
      out.result(r, () => `Study ${r.study.id} updated.`);
      return 0;
    }
    case 'delete':
      return deleteCommand(ctx, 'study', rest, values);
    default:
      throw new UsageError(`unknown study command '${sub}'. Run 'modelbench study --help'.`);
  }
}

export function trialTable(study: StudyInfo, trials: TrialRow[]): string {
  const names = study.objectives.map((o) => o.name.toUpperCase());
  return formatTable(['#', 'STATE', ...names, 'PARAMS'], trials.map((t) => [
    String(t.number), t.state, ...study.objectives.map((_, k) => fmt(t.values?.[k])), JSON.stringify(t.params).slice(0, 120),
  ]));
}

export function describeStudy(d: StudyDetail, trials: TrialRow[], importance: ImportanceResult): string {
  const s = d.study;
  const c = s.counts;
  const lines = [
    `Study ${s.id} '${s.name}' (${s.kind}, ${s.status})`,
    `  objectives  ${s.objectives.map((o) => `${o.name} (${o.direction})`).join(', ')}`,
    `  sampler     ${s.sampler}, pruner ${s.pruner}, seed ${s.seed}`,
    `  trials      ${c.total} (complete ${c.complete}, pruned ${c.pruned}, failed ${c.failed}, running ${c.running})${d.epochsTrained ? `; ${d.epochsTrained} epochs trained` : ''}`,
    ...(trials.length ? ['', trialTable(s, trials)] : c.total ? [] : ['', '(no trials yet)']),
    '',
    s.objectives.length > 1 ? `Pareto front (${d.paretoFront.length}):` : 'Best trial:',
    ...d.best.map((t) => `  #${t.number}  ${s.objectives.map((o, k) => `${o.name}=${fmt(t.values?.[k])}`).join('  ')}  ${JSON.stringify(t.params)}${t.runId ? `  run ${t.runId}` : ''}`),
  ];
  if (importance.trials >= 2) {
    lines.push('', `Importance (${importance.objective === 0 ? s.objectives[0].name : `objective ${importance.objective}`}, ${importance.trials} complete trials):`);
    for (const i of importance.importances) lines.push(`  ${i.param.padEnd(40)} ${(i.importance * 100).toFixed(1).padStart(5)}%`);
  }
  return lines.join('\n');
}

function help(ctx: CommandContext): number {
  ctx.io.stdout(`${STUDY_HELP}\n`);
  return 0;
}
