/** `modelbench runs` (a page of runs) and `modelbench show RUN` (config + metrics). */
import { RUN_STATUSES, RunListQuery, type RunRecord, type RunStatus } from '../api/schemas.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { backendText, triedLines } from './backend-text.ts';
import { deleteCommand } from './delete.ts';
import { parseInteger } from './numbers.ts';

const MAX_LIMIT = RunListQuery.shape.limit.unwrap().maxValue as number;

export const RUNS_HELP = `Usage: modelbench runs [--limit N] [--status S] [--search Q] [--dataset NAME_OR_ID]
       modelbench runs delete RUN... [--yes]

Lists runs, newest first (--limit at most ${MAX_LIMIT}). --status is one of: ${RUN_STATUSES.join(', ')}.
--search matches names, ids and tags (e.g. study:ID for a study's trials).

delete removes runs with their metrics and model files; without --yes it only
prints what it would delete. Running runs are refused.

${COMMON_HELP}`;

export const SHOW_HELP = `Usage: modelbench show RUN

Shows one run: its configuration, final metrics and per-epoch history.

${COMMON_HELP}`;

export async function runsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    limit: { type: 'string' }, status: { type: 'string' }, search: { type: 'string' }, dataset: { type: 'string' }, yes: { type: 'boolean', default: false },
  });
  if (values.help) return help(ctx, RUNS_HELP);
  if (positionals[0] === 'delete') return deleteCommand(ctx, 'run', positionals.slice(1), values);
  expectPositionals(positionals, [], 'modelbench runs [--limit N] [--status S] [--search Q] [--dataset D] | runs delete RUN...');
  const limit = parseInteger(values.limit, '--limit', { min: 1, max: MAX_LIMIT }) ?? 50;
  const status = values.status as RunStatus | undefined;
  if (status !== undefined && !RUN_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}, got '${status}'.`);
  const out = createOutput(ctx.io, values.json);
  const page = await withEngine(ctx, values.home, async (engine) => {
    const datasetId = values.dataset === undefined ? undefined : (await engine.call('datasets.get', { id: values.dataset })).id;
    return engine.call('runs.list', { limit, status, search: values.search, datasetId });
  }, { readOnly: true });
  for (const run of page.items) out.record(run);
  if (!out.json) {
    if (page.total === 0) out.text('No runs. Start one: modelbench train --dataset NAME');
    else {
      out.text(formatTable(['ID', 'NAME', 'STATUS', 'DATASET', 'EPOCHS', 'VAL LOSS', 'VAL ACC', 'CREATED'], page.items.map(row)));
      if (page.total > page.items.length) out.text(`(${page.items.length} of ${page.total}; use --limit)`);
    }
  }
  return 0;
}

function row(r: RunRecord): string[] {
  const val = r.metrics.val ?? {};
  return [r.id, r.name, r.status, r.datasetName, String(r.epochsDone), fmt(val.loss), fmt(val.accuracy), r.createdAt.slice(0, 19).replace('T', ' ')];
}

export async function showCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) return help(ctx, SHOW_HELP);
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench show RUN');
  const out = createOutput(ctx.io, values.json);
  const { run, points } = await withEngine(ctx, values.home, async (engine) => {
    const run = await engine.call('runs.get', { runId });
    const { points } = await engine.call('runs.metrics', { runId });
    return { run, points };
  }, { readOnly: true });
  out.result({ ...run, history: points }, () => describeRun(run, points));
  return 0;
}

function describeRun(run: RunRecord, points: { epoch: number; split: string; name: string; value: number }[]): string {
  const lines = [
    `Run ${run.id} '${run.name}'`,
    `  status    ${run.status}${run.error ? ` (${run.error})` : ''}`,
    `  dataset   ${run.datasetName} (${run.datasetId})`,
    `  created   ${run.createdAt}${run.durationMs !== null ? `, took ${(run.durationMs / 1000).toFixed(1)}s` : ''}`,
    `  backend   ${backendText(run.backend, run.adapter)}${run.config.backend && run.config.backend !== 'auto' ? ' (chosen for this run)' : ''}`,
    ...triedLines(run.backendsTried).map((line) => `            ${line}`),
    `  seed      ${run.seed}   params ${run.paramCount.toLocaleString('en-US')}   flops ${run.flops.toLocaleString('en-US')}`,
    `  epochs    ${run.epochsDone}/${run.config.hyperparams.epochs}${run.metrics.bestEpoch !== undefined ? ` (best ${run.metrics.bestEpoch})` : ''}`,
    '',
    'Final metrics:',
  ];
  for (const split of ['train', 'val', 'test'] as const) {
    const m = run.metrics[split];
    if (m) lines.push(`  ${split.padEnd(5)} ${Object.entries(m).map(([k, v]) => `${k} ${fmt(v)}`).join('  ')}`);
  }
  if (run.metrics.confusion) lines.push('Confusion matrix (rows = true, columns = predicted):', ...run.metrics.confusion.map((r) => `  ${r.join('\t')}`));
  const losses = points.filter((p) => p.name === 'loss' && p.split !== 'test');
  if (losses.length) {
    const epochs = [...new Set(losses.map((p) => p.epoch))].sort((a, b) => a - b);
    const at = (e: number, s: string) => losses.find((p) => p.epoch === e && p.split === s)?.value;
    lines.push('History:', ...epochs.map((e) => `  epoch ${e}  loss ${fmt(at(e, 'train'))}  val loss ${fmt(at(e, 'val'))}`));
  }
  lines.push('', 'Config:', JSON.stringify(run.config, null, 2));
  return lines.join('\n');
}

function help(ctx: CommandContext, text: string): number {
  ctx.io.stdout(`${text}\n`);
  return 0;
}
