/**
 * What every CLI command shares: argument parsing (node:util parseArgs, strict,
 * with negative numbers taken as values), the --home/--json/--help flags, output
 * in text or JSON lines, and the engine's lifetime.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { Engine } from '../engine/engine.ts';
import { resolveHome } from '../util/paths.ts';
import { isNegativeNumberText } from './numbers.ts';
import { UsageError } from './usage-error.ts';

export { UsageError };

export type Io = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
};

export type Output = {
  json: boolean;
  /** Human text; suppressed in --json mode. */
  text(line: string): void;
  /** One JSON line; only in --json mode. */
  record(value: unknown): void;
  /** Text in human mode, a JSON line in --json mode. */
  result(value: unknown, human: () => string): void;
  warn(line: string): void;
};

export function createOutput(io: Io, json: boolean): Output {
  return {
    json,
    text: (line) => json || io.stdout(`${line}\n`),
    record: (value) => json && io.stdout(`${JSON.stringify(value)}\n`),
    result: (value, human) => io.stdout(`${json ? JSON.stringify(value) : human()}\n`),
    warn: (line) => io.stderr(`${line}\n`),
  };
}

/** Options every command takes. */
export const COMMON_OPTIONS = {
  home: { type: 'string' },
  storage: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const COMMON_HELP = `Common options:
  --home DIR   data folder (default: $MODELBENCH_HOME, else the platform's app-data folder)
  --storage URL  where the store lives: sqlite (default: the file in the data folder), sqlite:FILE,
               or postgresql://user@host:5432/db[?sslmode=require][&artifacts=database|folder]
               (default: $MODELBENCH_STORAGE, else "storage" in the data folder's settings.json; docs/scale.md)
  --json       machine-readable output: one JSON object per line
  -h, --help   show this help`;

type Options = NonNullable<ParseArgsConfig['options']>;

/** Marks a negative number given as a positional, so parseArgs does not read '-0.5' as the options -0 -. -5. */
const NEGATIVE = '\u0000';

/**
 * Negative numbers are values, never options: '--alpha -0.5' becomes '--alpha=-0.5'
 * and a positional '-0.5' is passed through parseArgs marked, then unmarked.
 */
function protectNegativeNumbers(args: readonly string[], options: Options): string[] {
  const takesValue = (token: string): string | null => {
    const name = token.startsWith('--') ? token.slice(2) : Object.entries(options).find(([, o]) => token === `-${o.short}`)?.[0];
    return name !== undefined && !token.includes('=') && options[name]?.type === 'string' ? name : null;
  };
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const token = args[i];
    if (token === '--') return [...out, ...args.slice(i)];
    const flag = takesValue(token);
    if (flag !== null && i + 1 < args.length && isNegativeNumberText(args[i + 1])) out.push(`--${flag}=${args[++i]}`);
    else out.push(isNegativeNumberText(token) ? `${NEGATIVE}${token}` : token);
  }
  return out;
}

/** parseArgs with the common options, turning its errors into usage errors. */
export function parseCommand<O extends Options>(args: string[], options: O) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    const parsed = parseArgs({ args: protectNegativeNumbers(args, all), options: all, allowPositionals: true, strict: true });
    return { ...parsed, positionals: parsed.positionals.map((p) => (p.startsWith(NEGATIVE) ? p.slice(1) : p)) };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

/** The last `--storage URL` / `--storage=URL` among a command's arguments (before any `--`). */
export function storageOption(args: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length && args[i] !== '--'; i++) {
    if (args[i] === '--storage' && i + 1 < args.length) found = args[++i];
    else if (args[i].startsWith('--storage=')) found = args[i].slice('--storage='.length);
  }
  return found;
}

/** The default a request schema gives a field, for help texts: never retyped, so help and engine agree. */
export function schemaDefault(schema: z.ZodType): unknown {
  return schema.parse(undefined);
}

export function expectPositionals(positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length < names.length) throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}. Usage: ${usage}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'. Usage: ${usage}`);
  return positionals;
}

/** The engine's own options (readOnly: the engine neither registers this process as a job owner nor marks other processes' jobs interrupted). */
export type EngineOptions = Pick<import('../engine/engine.ts').EngineOptions, 'home' | 'workers' | 'restrictPaths' | 'readOnly' | 'allowCommands' | 'label' | 'storage' | 'lease' | 'storageRetryMs'>;
export type EngineFactory = (opts: EngineOptions) => Promise<Engine>;

export type CommandContext = {
  io: Io;
  createEngine: EngineFactory;
  /**
   * Handles Ctrl-C / SIGTERM while a command runs. The handler returns true when it
   * dealt with the signal (e.g. started cancelling a run), false to let main exit.
   */
  onInterrupt(handler: () => boolean): () => void;
  /** The folder holding package.json (repo checkout or packaged app). */
  appRoot: string;
};

/** Opens the engine on the chosen home, runs fn, and always closes it. */
export async function withEngine<T>(
  ctx: CommandContext,
  homeFlag: string | undefined,
  fn: (engine: Engine) => Promise<T>,
  opts: Omit<EngineOptions, 'home'> = {},
): Promise<T> {
  // One worker by default: a CLI process trains one run at a time.
  const engine = await ctx.createEngine({ ...opts, home: resolveHome(homeFlag, ctx.io.env), workers: opts.workers ?? 1 });
  try {
    return await fn(engine);
  } finally {
    await engine.close();
  }
}

/** A fixed-width text table for list commands. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (c ?? '').padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function fmt(value: number | undefined, digits = 4): string {
  if (value === undefined || value === null) return '-';
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
