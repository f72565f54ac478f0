/**
 * Dawn's Node bindings (npm `webgpu`, an optional dependency) as this thread's
 * WebGPU: loads dawn.node, puts the WebGPU globals that tfjs-backend-webgpu
 * uses (GPUBufferUsage, GPUMapMode, GPUBuffer, …) on globalThis, and asks for
 * an adapter. Dawn loads libvulkan.so.1 (Debian: libvulkan1) and a Vulkan
 * driver at run time on Linux; D3D12 on Windows, Metal on macOS.
 *
 * Only the types this project touches are declared here, so the type check
 * does not depend on the optional package being installed.
 */
import type { AdapterInfoLike } from './adapter.ts';
import { installDawnTickHook } from './sync-read.ts';
import { NO_VULKAN_DRIVER, vulkanIcdFiles } from './vulkan-icd.ts';

export type GpuLimits = Record<string, number>;
export type GpuDevice = {
  readonly queue: unknown;
  readonly lost: Promise<{ reason: string; message: string }>;
  readonly features: { has(name: string): boolean };
  destroy(): void;
};
export type GpuAdapterHandle = {
  readonly info: AdapterInfoLike;
  readonly features: { has(name: string): boolean };
  readonly limits: GpuLimits;
  requestDevice(descriptor?: { requiredFeatures?: string[]; requiredLimits?: GpuLimits }): Promise<GpuDevice>;
};
export type Gpu = {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<GpuAdapterHandle | null>;
};
type DawnModule = { create(flags: string[]): Gpu; globals: Record<string, unknown> };

export type DawnLoad = { gpu: Gpu } | { reason: string };

export const NOT_INSTALLED = 'webgpu (Dawn) not installed (optional dependency)';

/** Loads dawn.node and creates this thread's GPU object. Call once per thread (probe.ts caches it). */
export async function loadDawn(importModule: (specifier: string) => Promise<unknown>): Promise<DawnLoad> {
  let dawn: DawnModule;
  try {
    dawn = (await importModule('webgpu')) as DawnModule;
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return { reason: NOT_INSTALLED };
    return { reason: `webgpu (Dawn) failed to load: ${String(e?.message ?? error).split('\n')[0]}` };
  }
  // Without a Vulkan driver Dawn finds nothing, after printing warnings to stderr: say so without starting it.
  if (process.platform === 'linux' && vulkanIcdFiles().length === 0) return { reason: NO_VULKAN_DRIVER };
  // Before the first Dawn call that schedules event processing.
  installDawnTickHook();
  const g = globalThis as Record<string, unknown>;
  for (const [name, value] of Object.entries(dawn.globals)) if (!(name in g)) g[name] = value;
  try {
    return { gpu: dawn.create([]) };
  } catch (error) {
    return { reason: `webgpu (Dawn) could not start: ${String((error as Error)?.message ?? error).split('\n')[0]}` };
  }
}

/** Why no adapter came back, with what to install on this platform. */
export function noAdapterReason(platform: NodeJS.Platform = process.platform): string {
  const hint = platform === 'linux'
    ? 'it needs libvulkan.so.1 (Debian: libvulkan1) and a Vulkan driver for the GPU'
    : platform === 'win32' ? 'it needs a Direct3D 12 GPU driver' : 'it needs Metal';
  return `no WebGPU adapter: Dawn found no usable GPU (${hint})`;
}
