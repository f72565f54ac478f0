/**
 * Picks the compute backend at start-up (see DESIGN.md "Compute backends"):
 * tensorflow (tfjs-node-gpu, tfjs-node) → webgpu (future) → wasm → cpu.
 * Every attempt is recorded with its reason so a run can say why it trained
 * where it did. Env MODELBENCH_BACKEND forces one backend.
 */
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { registerWasmGradientKernels } from './wasm-kernels.ts';

// Every thread that trains loads this module. PROD silences tfjs' console advice to
// install tfjs-node (printed once per worker otherwise); the backend in use, and why
// the others were not, is recorded with each run instead.
tf.env().set('PROD', true);

export type BackendAttempt = { name: string; available: boolean; reason?: string };
export type BackendInfo = { name: string; tried: BackendAttempt[]; versions: Record<string, string> };

/** What a probe needs from the outside world; tests replace importModule to simulate absent packages. */
export type ProbeDeps = { importModule: (specifier: string) => Promise<unknown> };

/** A probe makes its backend current or says why it cannot. New backends (webgpu) plug in here. */
export type BackendProbe = (deps: ProbeDeps) => Promise<{ versions: Record<string, string> } | { reason: string }>;

export const BACKEND_ORDER = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** One line, and a plain word for the common case of an optional package that is not installed. */
function describe(err: unknown, pkg: string): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') {
    return `${pkg} not installed (optional dependency; its install downloads libtensorflow from Google storage, ` +
      'set TFJS_NODE_CDN_STORAGE to a mirror)';
  }
  return `${pkg}: ${String(e?.message ?? err).split('\n')[0]}`;
}

async function activate(name: string): Promise<string | null> {
  const ok = await tf.setBackend(name);
  if (!ok) return `tf.setBackend('${name}') failed to initialise`;
  await tf.ready();
  return null;
}

async function probeTensorflow(deps: ProbeDeps): Promise<{ versions: Record<string, string> } | { reason: string }> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await deps.importModule(pkg); // registers the 'tensorflow' backend as a side effect
      const failed = await activate('tensorflow');
      if (failed) {
        reasons.push(`${pkg}: ${failed}`);
        continue;
      }
      return { versions: { [pkg.slice('@tensorflow/'.length)]: packageVersion(pkg) } };
    } catch (err) {
      reasons.push(describe(err, pkg));
    }
  }
  return { reason: reasons.join('; ') };
}

export const BACKEND_PROBES: Record<string, BackendProbe> = {
  tensorflow: probeTensorflow,
  // WebGPU needs an adapter: Chromium's in Electron, or a hidden window as GPU worker. Not in plain Node.
  webgpu: async () => ({ reason: 'not available in Node; future work' }),
  wasm: async (deps) => {
    try {
      await deps.importModule('@tensorflow/tfjs-backend-wasm');
      // Before setBackend, so the engine runs our kernels' setup with the rest at init.
      registerWasmGradientKernels();
    } catch (err) {
      return { reason: describe(err, '@tensorflow/tfjs-backend-wasm') };
    }
    const failed = await activate('wasm');
    return failed ? { reason: failed } : { versions: { 'tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm') } };
  },
  cpu: async () => {
    const failed = await activate('cpu');
    return failed ? { reason: failed } : { versions: { 'tfjs-backend-cpu': tf.version['tfjs-backend-cpu'] ?? 'unknown' } };
  },
};

const defaultDeps: ProbeDeps = { importModule: (s) => import(s) };
let last: { key: string; info: BackendInfo } | null = null;

/**
 * Tries backends in order and makes the first that works current.
 * Idempotent: a second call with the same wishes returns the first answer,
 * as long as that backend is still the current one.
 */
export async function initBackend(preference?: string[], deps: ProbeDeps = defaultDeps): Promise<BackendInfo> {
  const forced = process.env.MODELBENCH_BACKEND?.trim();
  const order = forced ? [forced] : (preference?.length ? preference : [...BACKEND_ORDER]);
  const key = order.join(',');
  if (last && last.key === key && tf.getBackend() === last.info.name) return last.info;

  const tried: BackendAttempt[] = [];
  for (const name of order) {
    const probe = BACKEND_PROBES[name];
    const result = probe ? await probe(deps) : { reason: `unknown backend (known: ${BACKEND_ORDER.join(', ')})` };
    if ('reason' in result) {
      tried.push({ name, available: false, reason: result.reason });
      continue;
    }
    tried.push({ name, available: true });
    const info: BackendInfo = { name: tf.getBackend(), tried, versions: { tfjs: tf.version.tfjs, ...result.versions } };
    last = { key, info };
    return info;
  }
  const why = tried.map((t) => `${t.name}: ${t.reason}`).join('; ');
  throw new Error(forced ? `MODELBENCH_BACKEND=${forced} cannot be used: ${why}` : `no compute backend could start: ${why}`);
}
