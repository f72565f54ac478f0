import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Where a worker thread's module is. Beside the module that starts it: `name.ts` when running from
 * the sources, `name.js` from the compiled dist/. In the packaged desktop app the code sits in
 * resources/app.asar, and worker_threads cannot load a file from inside an asar archive, so the
 * worker is taken from app.asar.unpacked, where electron-builder.yml's asarUnpack puts every
 * worker and everything it imports (test/packaging checks both).
 */
export function workerUrl(name: string, from: string): URL {
  const ext = new URL(from).pathname.endsWith('.ts') ? '.ts' : '.js';
  return outsideAsar(new URL(`./${name}${ext}`, from));
}

/** The same file in the unpacked copy when `url` points inside an app.asar archive; else `url` itself. */
export function outsideAsar(url: URL): URL {
  return url.protocol === 'file:' && /\/app\.asar\//.test(url.pathname) ? new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/')) : url;
}

/**
 * Node flags a worker thread must not inherit: `--input-type` applies only to the parent's own
 * string input (`node --input-type=module -e …`), and a worker started from a file with it fails
 * before running a line.
 */
export function workerExecArgv(parent: readonly string[] = process.execArgv): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i] as string;
    if (arg === '--input-type') i++;
    else if (!arg.startsWith('--input-type=')) out.push(arg);
  }
  return out;
}

/**
 * The one way Modelbench starts a worker thread: its module, with the parent's flags it may inherit.
 * An explicit execArgv is only given when a flag had to go: Node validates an explicit list, and a
 * parent's list can hold flags it refuses in a worker (under `node --test`: --stack-trace-limit,
 * --secure-heap, …) that plain inheritance passes without complaint.
 */
export function startWorker(url: URL, options: WorkerOptions = {}): Worker {
  const inherited = workerExecArgv();
  return new Worker(url, inherited.length === process.execArgv.length ? options : { execArgv: inherited, ...options });
}
