/**
 * What every CLI command shares: argument parsing (node:util parseArgs, strict),
 * the --home/--json flags, output in text or JSON lines, and the engine's lifetime.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine } from '../engine/engine.ts';
import { resolveHome } from '../util/paths.ts';

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

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
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const COMMON_HELP = `Common options:
  --home DIR   data folder (default: $MODELBENCH_HOME, else the platform's app-data folder)
  --json       machine-readable output: one JSON object per line
  -h, --help   show this help`;

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with the common options, turning its errors into usage errors. */
export function parseCommand<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'));
  }
}

export function intOption(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} must be an integer ≥ ${min}, got '${value}'.`);
  return n;
}

export function expectPositionals(positionals: string[], names: string[], usage: string): string[] {
  if (positionals.length < names.length) throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}. Usage: ${usage}`);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument '${positionals[names.length]}'. Usage: ${usage}`);
  return positionals;
}

export type EngineFactory = (opts: { home: string; workers?: number; restrictPaths?: boolean }) => Promise<Engine>;

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
  opts: { workers?: number; restrictPaths?: boolean } = {},
): Promise<T> {
  // One worker by default: a CLI process trains one run at a time.
  const engine = await ctx.createEngine({ home: resolveHome(homeFlag, ctx.io.env), workers: opts.workers ?? 1, restrictPaths: opts.restrictPaths });
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
