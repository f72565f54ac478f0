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
import { UsageError, type CommandContext, type EngineFactory, type Io } from './common.ts';
import { datasetCommand } from './datasets.ts';
import { distillCommand, experimentsCommand, finetuneCommand, pruneCommand, shrinkCommand } from './compression.ts';
import { exportCommand } from './export.ts';
import { runsCommand, showCommand } from './runs.ts';
import { serveCommand } from './serve.ts';
import { trainCommand } from './train.ts';
import { studiesCommand, studyCommand } from './studies.ts';
import { tuneCommand } from './tune.ts';

export const MAIN_HELP = `Usage: modelbench <command> [options]

Commands:
  dataset import FILE|DIR   import a CSV, IDX or image folder (or --sample NAME)
  dataset list              list datasets
  train --dataset NAME      train a model, printing each epoch
  runs                      list runs
  show RUN                  show a run's config and metrics
  export RUN --out DIR      export a trained model (tfjs), preprocessing and model card
  serve                     serve the UI on 127.0.0.1 for a browser
  prune RUN                 prune a run (magnitude or structured) and fine-tune it
  shrink RUN                search for the smallest model within a tolerance
  distill --teacher RUN     train a student alone and distilled from a teacher
  finetune RUN --dataset N  transfer a model to a dataset (frozen layers, new head)
  experiments [show ID]     list compression experiments, show or resume one
  tune STUDY.json           run a hyperparameter study (--workers N, --resume ID)
  study create|ask|tell|report|show|export|update   studies, ask/tell from any program
  studies                   list studies

Every command takes --home DIR (or $MODELBENCH_HOME) and --json.
Run 'modelbench <command> --help' for its options.`;

type Command = (ctx: CommandContext, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  dataset: datasetCommand,
  datasets: datasetCommand,
  train: trainCommand,
  runs: runsCommand,
  show: showCommand,
  export: exportCommand,
  serve: serveCommand,
  prune: pruneCommand,
  shrink: shrinkCommand,
  distill: distillCommand,
  finetune: finetuneCommand,
  experiments: experimentsCommand,
  tune: tuneCommand,
  study: studyCommand,
  studies: studiesCommand,
};

export async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0] && COMMANDS[rest[0]]) return await COMMANDS[rest[0]](ctx, ['--help']);
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
    return await command(ctx, rest);
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
