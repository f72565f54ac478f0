/**
 * Where a run trained, in the CLI's words: the backend with its GPU adapter
 * ('webgpu on nvidia ampere, NVIDIA GeForce RTX 3080 (NVIDIA: 550.54)'), and
 * each backend tried with why it was used or skipped. The UI says the same
 * through its i18n layer (renderer/src/lib/backends.ts).
 */
import type { BackendAttempt, GpuAdapter } from '../api/schemas.ts';
import { adapterLabel } from '../backend/webgpu/adapter.ts';

export function backendText(backend: string | null, adapter: GpuAdapter | null | undefined): string {
  if (!backend) return '-';
  return adapter ? `${backend} on ${adapterLabel(adapter)}` : backend;
}

/** 'used wasm: auto: the first that works of …' / 'skipped webgpu: only a software adapter …', one per backend tried. */
export function triedLines(tried: readonly BackendAttempt[] | undefined): string[] {
  return (tried ?? []).map((t) => `${t.available ? 'used' : 'skipped'} ${t.name}${t.reason ? `: ${t.reason}` : ''}`);
}
