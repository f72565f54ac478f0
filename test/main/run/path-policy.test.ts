import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { ApiError } from '../../../main/api/errors.ts';
import {
  allowPath, assertReadable, assertStudyAllowed, assertWritable, createPathPolicy, readableFolders,
} from '../../../main/run/path-policy.ts';

const code = (c: string) => (e: unknown) => e instanceof ApiError && e.code === c;

function layout(t: { after(fn: () => void): void }) {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mb-policy-')));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  for (const dir of ['exports', 'imports', 'datasets', 'runs']) mkdirSync(join(home, dir), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'out'), { recursive: true });
  mkdirSync(join(root, 'elsewhere'), { recursive: true });
  writeFileSync(join(root, 'elsewhere', 'x.csv'), 'a,b\n');
  writeFileSync(join(root, 'single.csv'), 'a,b\n');
  // Links inside allowed places that lead out of them, one of them dangling.
  symlinkSync(join(root, 'elsewhere'), join(home, 'exports', 'escape'));
  symlinkSync(join(root, 'elsewhere', 'later'), join(home, 'exports', 'dangling'));
  symlinkSync(join(root, 'elsewhere'), join(root, 'data', 'escape'));
  return { root, home };
}

test('unrestricted (the CLI): every path, relative to the working directory; commands allowed', (t) => {
  const { root } = layout(t);
  const policy = createPathPolicy({ home: join(root, 'home'), restricted: false });
  assert.equal(assertReadable(policy, join(root, 'elsewhere', 'x.csv'), 'dataset'), join(root, 'elsewhere', 'x.csv'));
  assert.equal(assertWritable(policy, '/tmp/anywhere', 'export'), '/tmp/anywhere');
  assert.equal(assertReadable(policy, 'rel.csv', 'dataset'), resolve('rel.csv'));
  assert.equal(policy.allowCommands, true);
  assertStudyAllowed(policy, 'command', 'create this study');
});

test('restricted reads: the data folder and chosen paths only, symlinks resolved', (t) => {
  const { root, home } = layout(t);
  const policy = createPathPolicy({ home, restricted: true });
  assert.equal(assertReadable(policy, join(home, 'imports', 'a.csv'), 'dataset'), join(home, 'imports', 'a.csv'));
  // Relative paths name places in the data folder: a page has no working directory.
  assert.equal(assertReadable(policy, 'imports/a.csv', 'dataset'), join(home, 'imports', 'a.csv'));
  assert.throws(() => assertReadable(policy, join(root, 'elsewhere', 'x.csv'), 'dataset'), (e: unknown) =>
    code('forbidden_path')(e) && /--data-dir/.test((e as Error).message) && /the dataset '.*x\.csv' is none/.test((e as Error).message));
  assert.throws(() => assertReadable(policy, join(home, '..', 'elsewhere', 'x.csv'), 'dataset'), code('forbidden_path'));
  assert.throws(() => assertReadable(policy, '../elsewhere/x.csv', 'dataset'), code('forbidden_path'));
  assert.throws(() => assertReadable(policy, join(home, 'exports', 'escape', 'x.csv'), 'dataset'), code('forbidden_path'));

  allowPath(policy, join(root, 'data'));
  allowPath(policy, join(root, 'single.csv'));
  assert.equal(assertReadable(policy, join(root, 'data', 'x.csv'), 'dataset'), join(root, 'data', 'x.csv'));
  assert.equal(assertReadable(policy, join(root, 'single.csv'), 'dataset'), join(root, 'single.csv'));
  assert.throws(() => assertReadable(policy, join(root, 'data', 'escape', 'x.csv'), 'dataset'), code('forbidden_path'));
  assert.throws(() => assertReadable(policy, join(root, 'single.csv.bak'), 'dataset'), code('forbidden_path'));
  // Single files are not import roots; folders are, after imports/.
  assert.deepEqual(readableFolders(policy), [join(home, 'imports'), join(root, 'data')]);
});

test('restricted writes: exports/ and folders chosen for writing; read-only choices stay read-only', (t) => {
  const { root, home } = layout(t);
  const policy = createPathPolicy({ home, restricted: true });
  assert.equal(assertWritable(policy, join(home, 'exports', 'new', 'deeper'), 'export'), join(home, 'exports', 'new', 'deeper'));
  assert.equal(assertWritable(policy, 'exports/mine', 'export'), join(home, 'exports', 'mine'));
  for (const bad of [join(home, 'datasets'), home, 'mine', join(root, 'out'), join(home, 'exports', 'escape', 'x'), join(home, 'exports', 'dangling')]) {
    assert.throws(() => assertWritable(policy, bad, 'export'), (e: unknown) => code('forbidden_path')(e) && /export/.test((e as Error).message), bad);
  }
  allowPath(policy, join(root, 'data'), 'read');
  assert.throws(() => assertWritable(policy, join(root, 'data', 'model'), 'export'), code('forbidden_path'));
  allowPath(policy, join(root, 'out'), 'write');
  assert.equal(assertWritable(policy, join(root, 'out', 'model'), 'export'), join(root, 'out', 'model'));
  assert.equal(assertReadable(policy, join(root, 'out', 'model', 'model.json'), 'model'), join(root, 'out', 'model', 'model.json'));
});

test('NUL bytes are an invalid argument, not a file system TypeError', (t) => {
  const { home } = layout(t);
  for (const restricted of [true, false]) {
    const policy = createPathPolicy({ home, restricted });
    assert.throws(() => assertReadable(policy, 'a\0b', 'dataset'), code('invalid_argument'));
    assert.throws(() => assertWritable(policy, 'exports/a\0b', 'export'), code('invalid_argument'));
  }
});

test('command studies need the opt-in when restricted; other kinds never do', (t) => {
  const { home } = layout(t);
  const closed = createPathPolicy({ home, restricted: true });
  assert.equal(closed.allowCommands, false);
  assertStudyAllowed(closed, 'train', 'start study s');
  assertStudyAllowed(closed, 'external', 'start study s');
  assert.throws(
    () => assertStudyAllowed(closed, 'command', "start study 's'"),
    (e: unknown) => code('forbidden')(e) && /start study 's'/.test((e as Error).message) && /--allow-commands/.test((e as Error).message) && /MODELBENCH_ALLOW_COMMANDS=1/.test((e as Error).message),
  );
  assertStudyAllowed(createPathPolicy({ home, restricted: true, allowCommands: true }), 'command', 'create this study');
});
