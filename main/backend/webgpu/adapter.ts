/**
 * What a WebGPU adapter is, in the words we record with every run: vendor,
 * architecture, device, driver description and whether it is a software
 * implementation. Pure (no Dawn, no tfjs), so the renderer can label adapters too.
 */
import type { GpuAdapter } from '../../api/schemas.ts';

/** The fields of a GPUAdapterInfo we read; every one may be missing or empty on some drivers. */
export type AdapterInfoLike = {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
};

/**
 * CPU implementations of Vulkan / D3D that Dawn may offer as an adapter. They
 * are correct and slow (tens of times slower than our wasm backend on the
 * reference CNN), so they serve tests and are never picked by default.
 * Dawn reports SwiftShader as a fallback adapter; lavapipe and llvmpipe it does
 * not, so the names decide too.
 */
const SOFTWARE_NAMES = /swiftshader|lavapipe|llvmpipe|softpipe|basic render driver/i;

export function describeAdapter(info: AdapterInfoLike): GpuAdapter {
  const text = (v: string | undefined) => (typeof v === 'string' ? v.trim() : '');
  const adapter = {
    vendor: text(info.vendor),
    architecture: text(info.architecture),
    device: text(info.device),
    description: text(info.description),
  };
  const software = info.isFallbackAdapter === true || Object.values(adapter).some((v) => SOFTWARE_NAMES.test(v));
  return { ...adapter, software };
}

/** One line for people: 'nvidia ampere, NVIDIA GeForce RTX 3080 (driver 550.54)' or '… (software)'. */
export function adapterLabel(a: GpuAdapter): string {
  const name = [a.vendor, a.architecture].filter(Boolean).join(' ') || 'unknown GPU';
  const device = a.device && !name.includes(a.device) ? `, ${a.device}` : '';
  const driver = a.description ? ` (${a.description})` : '';
  return `${name}${device}${driver}${a.software ? ', software' : ''}`;
}
