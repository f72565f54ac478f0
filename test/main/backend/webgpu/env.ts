/**
 * The WebGPU adapter the tests run on: Chromium's SwiftShader Vulkan driver
 * (Debian's chromium ships it; CI installs chromium and libvulkan1), named with
 * VK_DRIVER_FILES before Dawn loads unless the environment names a driver itself.
 * Where no adapter exists (no dawn.node, no libvulkan1, no SwiftShader), the
 * webgpu tests skip with the reason instead of failing.
 */
import { existsSync } from 'node:fs';
import { initBackend, type BackendInfo } from '../../../../main/backend/select.ts';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

if (!process.env.VK_DRIVER_FILES && !process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
  // The Vulkan loader reads the process environment when Dawn creates its instance (in this thread or a worker).
  process.env.VK_DRIVER_FILES = SWIFTSHADER_ICD;
}

/** Makes webgpu current, as a user who asked for it would; the skip reason when it cannot be. */
export async function useWebGpu(): Promise<{ info: BackendInfo; skip: false } | { skip: string }> {
  try {
    return { info: await initBackend(['webgpu'], undefined, { ignoreEnv: true }), skip: false };
  } catch (error) {
    return { skip: `no usable WebGPU adapter here: ${(error as Error).message}` };
  }
}
