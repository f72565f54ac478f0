/**
 * `modelbench serve`: the web host on 127.0.0.1 for using Modelbench from a
 * browser. Runs until SIGINT/SIGTERM, then closes the host and the engine.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startWebHost } from '../web/host.ts';
import { expandTilde, resolveHome } from '../util/paths.ts';
import { COMMON_HELP, createOutput, expectPositionals, parseCommand, UsageError, type CommandContext } from './common.ts';
import { parseInteger } from './numbers.ts';

export const SERVE_HELP = `Usage: modelbench serve [--port P] [--print-url] [--data-dir DIR]... [--allow-commands]

Serves the Modelbench UI on http://127.0.0.1 (never on other interfaces) and
prints its URL, which carries the session's access token. Stop with Ctrl-C.

  --port        port to listen on (default: a free one)
  --print-url   print only the URL, on one line (for scripts)
  --data-dir    a folder on this machine whose files and sub-folders (CSV, IDX,
                image folders) the browser may import by path; repeatable.
                Without it, the browser may import only from the data folder
                (e.g. its imports/ sub-folder).
  --allow-commands
                let the browser create and start studies with command
                objectives, which run programs on this machine with your
                rights. Off by default: such studies are then refused in the
                browser (run them with \`modelbench tune\` instead).

The UI comes from dist/renderer (build it with \`npm run build:renderer\`),
or from $MODELBENCH_RENDERER_DIR.

${COMMON_HELP}`;

const COMMANDS_WARNING = 'Command objectives are allowed: studies created in the browser may run programs on this machine.';

export async function serveCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    port: { type: 'string', short: 'p' },
    'print-url': { type: 'boolean', default: false },
    'data-dir': { type: 'string', multiple: true },
    'allow-commands': { type: 'boolean', default: false },
  });
  if (values.help) {
    ctx.io.stdout(`${SERVE_HELP}\n`);
    return 0;
  }
  expectPositionals(positionals, [], 'modelbench serve [--port P] [--print-url] [--data-dir DIR]... [--allow-commands]');
  const dataDirs = (values['data-dir'] ?? []).map((dir) => {
    const full = resolve(expandTilde(dir));
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`--data-dir ${dir}: no such folder.`);
    if (!stat.isDirectory()) throw new UsageError(`--data-dir ${dir}: not a folder.`);
    return full;
  });
  const port = parseInteger(values.port, '--port', { min: 0, max: 65535 });
  const staticDir = ctx.io.env.MODELBENCH_RENDERER_DIR || join(ctx.appRoot, 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`the UI is not built (${join(staticDir, 'index.html')} is missing); run \`npm run build:renderer\` first`);
  }
  const out = createOutput(ctx.io, values.json);
  // Browser pages may only touch the data folder: the engine enforces it for paths they send,
  // and refuses command studies unless the user opted in here.
  const allowCommands = values['allow-commands'] === true;
  const engine = await ctx.createEngine({ home: resolveHome(values.home, ctx.io.env), restrictPaths: true, allowCommands });
  try {
    // ...and folders the user named here, whose contents (symlinks resolved) the browser may import.
    for (const dir of dataDirs) engine.allowPath(dir);
    const { importRoots } = await engine.call('app.info', {});
    const host = await startWebHost({ engine, port, staticDir });
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const release = ctx.onInterrupt(() => {
      stop();
      return true;
    });
    if (values['print-url']) {
      ctx.io.stdout(`${host.url}\n`);
      if (dataDirs.length > 0) ctx.io.stderr(`The browser may import files from: ${importRoots.join(', ')}\n`);
      if (allowCommands) ctx.io.stderr(`${COMMANDS_WARNING}\n`);
    } else {
      out.result({ url: host.url, token: host.token, home: engine.home, importRoots, commandsAllowed: allowCommands }, () =>
        [
          `Modelbench is serving ${engine.home}`, 'The browser may import files from:', ...importRoots.map((r) => `  ${r}`),
          ...(allowCommands ? [COMMANDS_WARNING] : []), `Open ${host.url}`, 'Press Ctrl-C to stop.',
        ].join('\n'),
      );
    }
    await stopped;
    release();
    out.text('Stopping…');
    await host.close();
  } finally {
    await engine.close();
  }
  return 0;
}
