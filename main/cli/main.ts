/**
 * The `modelbench` command line: routes to one module per command group. Every
 * engine call goes through engine.call, so the CLI gets the same validation as
 * the UI. Exit codes: 0 ok, 1 failure, 2 usage error, 130 interrupted.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '../api/errors.ts';
import { toApiError } from '../api/dispatch.ts';
import { storageOption, UsageError, type CommandContext, type EngineFactory, type Io } from './common.ts';
import { datasetCommand } from './datasets.ts';
import { distillCommand, experimentsCommand, finetuneCommand, pruneCommand, shrinkCommand } from './compression.ts';
import { diagnoseCommand } from './diagnose.ts';
import { ensembleCommand, ensemblesCommand } from './ensembles.ts';
import { explainCommand } from './explain.ts';
import { forecastCommand } from './forecast.ts';
import { exportCommand } from './export.ts';
import { bundleCommand } from './bundle.ts';
import { presetsCommand } from './presets.ts';
import { runsCommand, showCommand } from './runs.ts';
import { serveCommand } from './serve.ts';
import { trainCommand } from './train.ts';
import { studiesCommand, studyCommand } from './studies.ts';
import { tuneCommand } from './tune.ts';
import { workerCommand } from './worker.ts';

export const MAIN_HELP = `Usage: modelbench <command> [options]

Commands:
  dataset import FILE|DIR   import a CSV, IDX or image folder (or --sample NAME)
  dataset list              list datasets
  dataset delete ID...      delete datasets and their files (--yes)
  presets                   list the model presets (--model PRESET_ID)
  train --dataset NAME      train a model, printing each epoch
  runs                      list runs
  runs delete RUN...        delete runs with their metrics and model files (--yes)
  show RUN                  show a run's config and metrics
  explain RUN --method M    explain a run: SHAP, LIME, integrated gradients, permutation importance
  diagnose RUN              what went wrong in training and what to change
  forecast RUN              a forecasting run's history, truth and prediction over windows (--split, --windows)
  export RUN --out DIR      export a trained model (tfjs or --format onnx), preprocessing and model card
  bundle export|import      move a run, study or experiment between data folders (.mbz)
  serve                     serve the UI on 127.0.0.1 for a browser
  prune RUN                 prune a run (magnitude or structured) and fine-tune it
  shrink RUN                search for the smallest model within a tolerance
  distill --teacher RUN     train a student alone and distilled from a teacher
  finetune RUN --dataset N  transfer a model to a dataset (frozen layers, new head)
  experiments [show ID]     list compression experiments, show, resume, cancel or delete one
  ensemble create --method M   voting, selection, bagging, boosting or stacking over runs, a study or a dataset
  ensemble show|export|resume|cancel|delete ID   an ensemble; ensembles: list them
  tune STUDY.json           run a hyperparameter study (--workers N, --resume ID)
  study create|ask|tell|report|show|export|update|delete   studies, ask/tell from any program
  studies                   list studies
  worker --study ID|--all   run trials of shared studies with other workers (--storage URL; docs/scale.md)

Every command takes --home DIR (or $MODELBENCH_HOME), --json and --help, before
or after the command. Deleting needs --yes; without it, delete commands print
what they would delete. Run 'modelbench <command> --help' for its options.
Formats: docs/model-spec.md (--model SPEC.json), docs/hyperparams.md (--config
HP.json), docs/studies-api.md (STUDY.json).`;

type Command = (ctx: CommandContext, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  dataset: datasetCommand,
  datasets: datasetCommand,
  presets: presetsCommand,
  train: trainCommand,
  runs: runsCommand,
  show: showCommand,
  explain: explainCommand,
  diagnose: diagnoseCommand,
  forecast: forecastCommand,
  export: exportCommand,
  bundle: bundleCommand,
  serve: serveCommand,
  prune: pruneCommand,
  shrink: shrinkCommand,
  distill: distillCommand,
  finetune: finetuneCommand,
  experiments: experimentsCommand,
  ensemble: ensembleCommand,
  ensembles: ensemblesCommand,
  tune: tuneCommand,
  worker: workerCommand,
  study: studyCommand,
  studies: studiesCommand,
};

/** --home DIR, --home=DIR, --json, --help, -h: the options every command takes, wherever they stand. */
function commonOptionLength(token: string): number {
  if (token === '--home' || token === '--storage') return 2;
  return token.startsWith('--home=') || token.startsWith('--storage=') || token === '--json' || token === '--help' || token === '-h' ? 1 : 0;
}

/**
 * Splits argv into the command and its arguments, with the common options moved
 * to the end of those: `modelbench --home D runs`, `modelbench runs --home D` and
 * `modelbench study --json show ID` all mean the same. Before the command only
 * common options (and --version) may stand; after `--` nothing moves.
 */
export function splitCommand(argv: readonly string[]): { name: string | undefined; args: string[] } {
  const common: string[] = [];
  const rest: string[] = [];
  let name: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const n = commonOptionLength(token);
    if (n > 0) {
      if (n === 2 && i + 1 >= argv.length) throw new UsageError(token === '--home' ? "option '--home DIR' needs a folder." : "option '--storage URL' needs a URL.");
      common.push(...argv.slice(i, i + n));
      i += n - 1;
    } else if (name === undefined && token.startsWith('-') && token !== '--version') {
      throw new UsageError(`unknown option '${token}' before the command; only --home, --storage, --json and --help may come before it.`);
    } else if (name === undefined) name = token;
    else rest.push(token);
  }
  return { name, args: [...rest, ...common] };
}

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { name, args } = splitCommand(argv);
    const help = args.includes('--help') || args.includes('-h');
    if (name === undefined || name === 'help') {
      const topic = args.find((a) => !a.startsWith('-'));
      if (name === 'help' && topic && COMMANDS[topic]) return await COMMANDS[topic](ctx, ['--help']);
      if (!help && args.length > 0 && name === undefined) throw new UsageError('missing command. Run \'modelbench --help\' for the list.');
      ctx.io.stdout(`${MAIN_HELP}\n`);
      return 0;
    }
    if (name === '--version') {
      const pkg = JSON.parse(readFileSync(join(ctx.appRoot, 'package.json'), 'utf8')) as { version: string };
      ctx.io.stdout(`${pkg.version}\n`);
      return 0;
    }
    const command = COMMANDS[name];
    if (!command) throw new UsageError(`unknown command '${name}'. Run 'modelbench --help' for the list.`);
    // Jobs this command starts are owned by a process people can recognise in the owners table.
    const action = args.find((a) => !a.startsWith('-'));
    const label = `modelbench ${name}${action && /^[a-z-]+$/.test(action) ? ` ${action}` : ''}`;
    const storage = storageOption(args);
    return await command({ ...ctx, createEngine: (opts) => ctx.createEngine({ label, ...(storage ? { storage } : {}), ...opts }) }, args);
  } catch (error) {
    return reportError(ctx.io, error, json);
  }
}

function reportError(io: Io, error: unknown, json: boolean): number {
  const usage = error instanceof UsageError;
  const payload = usage
    ? { code: 'usage', message: error.message }
    : error instanceof ApiError || !(error instanceof Error)
      ? toApiError(error).toPayload()
      : { code: 'failed', message: error.message };
  // One line: multi-line engine messages are joined so scripts can grep them.
  io.stderr(`modelbench: error: ${payload.message.replace(/\s*\n\s*/g, ' ')}\n`);
  if (usage) io.stderr(`Run 'modelbench --help' for usage.\n`);
  if (json) io.stdout(`${JSON.stringify({ error: payload })}\n`);
  if (process.env.MODELBENCH_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return usage ? 2 : 1;
}

/** The folder with Modelbench's package.json: the checkout, or the app inside a package. */
export function findAppRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'main'))) return dir;
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'dist'))) return dir;
    if (dirname(dir) === dir) return from;
  }
}

/** Ctrl-C and SIGTERM go to the innermost handler; with none, or when it declines, exit 130. */
function processInterrupts(): CommandContext['onInterrupt'] {
  const handlers: (() => boolean)[] = [];
  const onSignal = () => {
    const handler = handlers.at(-1);
    if (!handler || !handler()) process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return (handler) => {
    handlers.push(handler);
    return () => {
      const i = handlers.lastIndexOf(handler);
      if (i >= 0) handlers.splice(i, 1);
    };
  };
}

/** Runs the CLI in this process with its argv, signals and exit code; bin/modelbench.mjs calls it. */
export async function runFromProcess(): Promise<void> {
  // The engine (and tfjs with it) loads only when a command needs it, so --help stays fast.
  const createEngine: EngineFactory = async (opts) => (await import('../engine/engine.ts')).createEngine(opts);
  const ctx: CommandContext = {
    io: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), env: process.env },
    createEngine,
    onInterrupt: processInterrupts(),
    appRoot: findAppRoot(),
  };
  const code = await main(process.argv.slice(2), ctx);
  // Let stdout drain, then exit even if a library left a handle open.
  process.stdout.write('', () => process.exit(code));
}

// Run when started directly (`node main/cli/main.ts`); bin/modelbench.mjs calls runFromProcess itself.
const startedAs = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (startedAs === fileURLToPath(import.meta.url)) void runFromProcess();
