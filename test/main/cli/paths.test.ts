import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultHome, isInside, resolveHome } from '../../../main/util/paths.ts';

test('defaultHome follows each platform convention', () => {
  assert.equal(defaultHome('linux', {}, '/home/ada'), '/home/ada/.local/share/modelbench');
  assert.equal(defaultHome('linux', { XDG_DATA_HOME: '/data' }, '/home/ada'), '/data/modelbench');
  assert.equal(defaultHome('linux', { XDG_DATA_HOME: 'relative' }, '/home/ada'), '/home/ada/.local/share/modelbench');
  assert.equal(defaultHome('darwin', {}, '/Users/ada'), '/Users/ada/Library/Application Support/Modelbench');
  assert.match(defaultHome('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada'), /Roaming[\\/]Modelbench$/);
});

test('resolveHome: flag, then MODELBENCH_HOME, then the default', () => {
  assert.equal(resolveHome('/x/flag', { MODELBENCH_HOME: '/x/env' }), '/x/flag');
  assert.equal(resolveHome(undefined, { MODELBENCH_HOME: '/x/env' }), '/x/env');
  assert.equal(resolveHome('~/mb', {}), join(homedir(), 'mb'));
  assert.equal(resolveHome(undefined, { XDG_DATA_HOME: '/xdg' }), process.platform === 'linux' ? '/xdg/modelbench' : defaultHome());
});

test('isInside rejects .. escapes and symlinks that leave the root', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-paths-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'root');
  mkdirSync(join(root, 'sub'), { recursive: true });
  symlinkSync(dir, join(root, 'escape'));
  symlinkSync(join(dir, 'not-yet'), join(root, 'dangling'));
  assert.ok(isInside(root, root));
  assert.ok(isInside(root, join(root, 'sub', 'new', 'file.txt')));
  assert.ok(!isInside(root, join(root, '..', 'rootx')));
  assert.ok(!isInside(root, join(dir, 'root-sibling')));
  assert.ok(!isInside(root, join(root, 'escape', 'x')));
  // A dangling link is judged by where it points: writing through it would land there.
  assert.ok(!isInside(root, join(root, 'dangling', 'model.json')));
});
