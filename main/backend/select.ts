/**
 * Picks the compute backend (see DESIGN.md "Compute backends"):
 * tensorflow (tfjs-node-gpu, tfjs-node) → webgpu (a hardware adapter that
 * passes a self-test) → wasm → cpu. Every attempt is recorded with its reason
 * so a run can say why it trained where it did. Env MODELBENCH_BACKEND forces
 * one backend; a run's own choice (RunConfig.backend) overrides it.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendAttempt, GpuAdapter } from '../api/schemas.ts';
import { packageVersion } from './package-version.ts';
import { registerWasmGradientKernels } from './wasm-kernels.ts';
import { probeWebGpu } from './webgpu/probe.ts';

// Every thread that trains loads this module. PROD silences tfjs' console advice to
// install tfjs-node (printed once per worker otherwise); the backend in use, and why
// the others were not, is recorded with each run instead.
tf.env().set('PROD', true);

export type { BackendAttempt };
export type BackendInfo = {
  name: string; tried: BackendAttempt[]; versions: Record<string, string>;
  /** The GPU, when the backend is webgpu. */
  adapter?: GpuAdapter;
};

/** What a probe needs from the outside world; tests replace importModule to simulate absent packages. */
export type ProbeDeps = { importModule: (specifier: string) => Promise<unknown> };

/**
 * A probe makes its backend current or says why it cannot. `asked`: the backend was
 * named by the user (env, a run's choice, an explicit preference), not just next in the default order.
 * `why`: what made it fit, where there is more to say than that it loaded (webgpu: the adapter and its self-test).
 */
export type BackendProbe = (deps: ProbeDeps, opts: { asked: boolean }) =>
  Promise<{ versions: Record<string, string>; adapter?: GpuAdapter; why?: string } | { reason: string }>;

export const BACKEND_ORDER = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;

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

async function probeTensorflow(deps: ProbeDeps): Promise<{ versions: Record<string, string>; why: string } | { reason: string }> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await deps.importModule(pkg); // registers the 'tensorflow' backend as a side effect
      const failed = await activate('tensorflow');
      if (failed) {
        reasons.push(`${pkg}: ${failed}`);
        continue;
      }
      return { versions: { [pkg.slice('@tensorflow/'.length)]: packageVersion(pkg) }, why: `${pkg} loaded` };
    } catch (err) {
      reasons.push(describe(err, pkg));
    }
  }
  return { reason: reasons.join('; ') };
}

export const BACKEND_PROBES: Record<string, BackendProbe> = {
  tensorflow: probeTensorflow,
  webgpu: async (deps, { asked }) => {
    const probe = await probeWebGpu(deps.importModule, { allowSoftware: asked });
    return 'reason' in probe ? { reason: probe.reason } : probe;
  },
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
let last: { key: string; deps: ProbeDeps; info: BackendInfo } | null = null;

/** How the backend in use was picked, the first half of its attempt's reason. */
function howPicked(forced: string | undefined, preference: string[] | undefined): string {
  if (forced) return `MODELBENCH_BACKEND=${forced}`;
  if (preference?.length === 1) return 'named';
  if (preference?.length) return `the first that works of ${preference.join(' → ')}`;
  return `auto: the first that works of ${BACKEND_ORDER.join(' → ')}`;
}

/**
 * Tries backends in order and makes the first that works current. Every attempt
 * is in `tried`, in order: each skipped one with why not, then the one used with
 * why (how it was picked, and what its probe found, e.g. the GPU and its self-test).
 * Idempotent: a second call with the same wishes returns the first answer,
 * as long as that backend is still the current one.
 * `ignoreEnv`: the preference is a run's own choice, which MODELBENCH_BACKEND does not override.
 * `pickedBy`: says how it was picked instead of the default words ('chosen for this run').
 */
export async function initBackend(
  preference?: string[], deps: ProbeDeps = defaultDeps, opts: { ignoreEnv?: boolean; pickedBy?: string } = {},
): Promise<BackendInfo> {
  const forced = opts.ignoreEnv ? undefined : process.env.MODELBENCH_BACKEND?.trim();
  const order = forced ? [forced] : (preference?.length ? preference : [...BACKEND_ORDER]);
  // Software GPUs only when named: by the env, or by a preference someone wrote down.
  const asked = Boolean(forced) || Boolean(preference?.length);
  const how = opts.pickedBy ?? howPicked(forced, preference);
  const key = `${order.join(',')}${asked ? ' (asked)' : ''}: ${how}`;
  if (last && last.key === key && last.deps === deps && tf.getBackend() === last.info.name) return last.info;

  const tried: BackendAttempt[] = [];
  for (const name of order) {
    const probe = BACKEND_PROBES[name];
    const result = probe ? await probe(deps, { asked }) : { reason: `unknown backend (known: ${BACKEND_ORDER.join(', ')})` };
    if ('reason' in result) {
      tried.push({ name, available: false, reason: result.reason });
      continue;
    }
    tried.push({ name, available: true, reason: result.why ? `${how}; ${result.why}` : how });
    const info: BackendInfo = { name: tf.getBackend(), tried, versions: { tfjs: tf.version.tfjs, ...result.versions } };
    if (result.adapter) info.adapter = result.adapter;
    last = { key, deps, info };
    return info;
  }
  const why = tried.map((t) => `${t.name}: ${t.reason}`).join('; ');
  throw new Error(forced ? `MODELBENCH_BACKEND=${forced} cannot be used: ${why}` : `no compute backend could start: ${why}`);
}
