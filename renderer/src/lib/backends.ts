/**
 * Backends for people: the options of the backend select (with why one is not
 * available where the engine said so), the line a run shows for where it
 * trained, and the choice folded into a run or study config.
 */
import { t } from '../i18n/index.ts';
import { BACKEND_CHOICES, type BackendAttempt, type BackendChoice, type GpuAdapter } from '../../../main/api/schemas.ts';
import { adapterLabel } from '../../../main/backend/webgpu/adapter.ts';


export type BackendOption = { value: BackendChoice; label: string; note: string };

/** `tried`: the engine's probe (app.info.backends), in order; empty when unknown. */
export function backendOptions(tried: readonly BackendAttempt[]): BackendOption[] {
  const used = tried.find((t) => t.available)?.name;
  return BACKEND_CHOICES.map((value) => {
    if (value === 'auto') {
      return { value, label: used ? t('backend.autoUsed', { name: used }) : t('backend.choice.auto'), note: t('backend.autoNote') };
    }
    const probe = tried.find((x) => x.name === value);
    const off = probe && !probe.available;
    const label = t(`backend.choice.${value}`);
    return { value, label: off ? t('backend.unavailable', { label }) : label, note: off ? (probe.reason ?? '') : '' };
  });
}

/** 'webgpu on nvidia ampere, RTX 3080 (…)', 'wasm', or '—' before the run started. */
export function runBackendText(run: { backend: string | null; adapter?: GpuAdapter | null }): string {
  if (!run.backend) return '—';
  return run.adapter ? t('backend.on', { backend: run.backend, adapter: adapterLabel(run.adapter) }) : run.backend;
}

/** The config with its backend, or without one for 'auto' (the engine's default). */
export function withBackend<T extends object>(config: T, backend: BackendChoice): T & { backend?: BackendChoice } {
  return backend === 'auto' ? config : { ...config, backend };
}
