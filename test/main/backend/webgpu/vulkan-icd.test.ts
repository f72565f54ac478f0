import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { icdFolders, vulkanIcdFiles } from '../../../../main/backend/webgpu/vulkan-icd.ts';

test('Vulkan driver manifests are found where the loader looks, or as the environment names them', () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-icd-'));
  try {
    const data = join(home, 'data');
    const env = { HOME: home, XDG_DATA_DIRS: data, XDG_CONFIG_DIRS: join(home, 'xdg') };
    assert.ok(icdFolders(env).includes(join(data, 'vulkan', 'icd.d')));
    assert.ok(icdFolders(env).includes('/etc/vulkan/icd.d'));
    assert.ok(icdFolders(env).includes(join(home, '.local/share/vulkan/icd.d')));
    const found = vulkanIcdFiles(env).filter((f) => f.startsWith(home));
    assert.deepEqual(found, []);
    mkdirSync(join(data, 'vulkan', 'icd.d'), { recursive: true });
    writeFileSync(join(data, 'vulkan', 'icd.d', 'nvidia_icd.json'), '{}');
    writeFileSync(join(data, 'vulkan', 'icd.d', 'README'), '');
    assert.deepEqual(vulkanIcdFiles(env).filter((f) => f.startsWith(home)), [join(data, 'vulkan', 'icd.d', 'nvidia_icd.json')]);
    // VK_DRIVER_FILES replaces the search: only the files it names that exist.
    const named = join(home, 'swiftshader.json');
    writeFileSync(named, '{}');
    assert.deepEqual(vulkanIcdFiles({ ...env, VK_DRIVER_FILES: `${named}:${join(home, 'missing.json')}` }), [named]);
    assert.deepEqual(vulkanIcdFiles({ ...env, VK_ICD_FILENAMES: named }), [named]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
