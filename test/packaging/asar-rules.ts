/**
 * Loaded with --import into the engine that runs from an extracted app (test/packaging): records
 * what Electron's asar archive would constrain. It runs in the main thread and, through the
 * inherited execArgv, in every worker thread, and appends one JSON line per event to
 * $MB_ASAR_LOG:
 *  - main thread: every Worker started (its script) and every native addon loaded (dlopen);
 *  - worker threads: every module resolved, every file read and every native addon loaded.
 * The test then checks each against app.asar.unpacked. Nothing is blocked here: the app's files
 * are all present, so the engine's own behaviour is observed as it is.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, registerHooks, syncBuiltinESMExports } from 'node:module';
import { fileURLToPath } from 'node:url';
import { isMainThread, threadId } from 'node:worker_threads';

const log = process.env.MB_ASAR_LOG;
const require = createRequire(import.meta.url);

function record(kind: 'worker' | 'dlopen' | 'load' | 'read', target: unknown): void {
  if (!log) return;
  let path: string;
  if (target instanceof URL) path = target.protocol === 'file:' ? fileURLToPath(target) : target.href;
  else if (typeof target === 'string') path = target.startsWith('file:') ? fileURLToPath(target) : target;
  else return;
  appendFileSync(log, `${JSON.stringify({ thread: isMainThread ? 'main' : threadId, kind, path })}\n`);
}

const dlopen = process.dlopen;
process.dlopen = function (this: unknown, module: unknown, filename: string, ...rest: unknown[]) {
  record('dlopen', filename);
  return (dlopen as (...a: unknown[]) => unknown).call(this, module, filename, ...rest);
} as typeof process.dlopen;

if (isMainThread) {
  const threads = require('node:worker_threads') as { Worker: typeof import('node:worker_threads').Worker };
  const Base = threads.Worker;
  class RecordedWorker extends Base {
    constructor(script: string | URL, options?: import('node:worker_threads').WorkerOptions) {
      record('worker', script);
      super(script, options);
    }
  }
  threads.Worker = RecordedWorker;
  syncBuiltinESMExports();
} else {
  registerHooks({
    resolve(specifier, context, next) {
      const resolved = next(specifier, context);
      if (resolved.url.startsWith('file:')) record('load', resolved.url);
      return resolved;
    },
  });
  const fs = require('node:fs') as typeof import('node:fs') & Record<string, unknown>;
  for (const name of ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream'] as const) {
    const original = fs[name] as (...args: unknown[]) => unknown;
    (fs as Record<string, unknown>)[name] = function (this: unknown, path: unknown, ...rest: unknown[]) {
      record('read', path);
      return original.call(this, path, ...rest);
    };
  }
  const readPromise = fs.promises.readFile;
  fs.promises.readFile = function (path: unknown, ...rest: unknown[]) {
    record('read', path);
    return (readPromise as (...a: unknown[]) => Promise<unknown>)(path, ...rest);
  } as typeof fs.promises.readFile;
  syncBuiltinESMExports();
}
