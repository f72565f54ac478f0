/**
 * Linux: the Vulkan driver manifests (ICD files) the Vulkan loader would read,
 * found the way the loader looks for them. None means Dawn cannot find a GPU;
 * we then skip loading it at all, which saves every training worker ~50 ms and
 * the warnings Dawn prints to stderr ("vkCreateInstance: Found no drivers!").
 * Other platforms use D3D12 / Metal and always probe.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const list = (v: string | undefined) => (v ?? '').split(':').filter(Boolean);

/** The folders the loader searches when VK_DRIVER_FILES / VK_ICD_FILENAMES are not set (Vulkan-Loader's LoaderInterfaceArchitecture.md). */
export function icdFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = env.HOME ?? homedir();
  const configDirs = list(env.XDG_CONFIG_DIRS).length ? list(env.XDG_CONFIG_DIRS) : ['/etc/xdg'];
  const dataDirs = list(env.XDG_DATA_DIRS).length ? list(env.XDG_DATA_DIRS) : ['/usr/local/share', '/usr/share'];
  return [
    env.XDG_CONFIG_HOME ?? join(home, '.config'),
    ...configDirs,
    '/etc',
    env.XDG_DATA_HOME ?? join(home, '.local/share'),
    ...dataDirs,
  ].map((dir) => join(dir, 'vulkan', 'icd.d'));
}

/** The ICD manifest files that exist: the env's own list when set, else the *.json files of icdFolders(). */
export function vulkanIcdFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  const named = [...list(env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES), ...list(env.VK_ADD_DRIVER_FILES)];
  if (named.length) return named.filter((file) => existsSync(file));
  const found: string[] = [];
  for (const dir of icdFolders(env)) {
    try {
      for (const name of readdirSync(dir)) if (name.endsWith('.json')) found.push(join(dir, name));
    } catch {
      // No such folder: the common case.
    }
  }
  return found;
}

export const NO_VULKAN_DRIVER = 'no Vulkan driver installed (no ICD file in /usr/share/vulkan/icd.d or the other Vulkan loader folders); ' +
  'a GPU needs its vendor\'s Vulkan driver (Debian: nvidia-vulkan-icd, mesa-vulkan-drivers) and libvulkan1';
