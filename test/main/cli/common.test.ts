import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommand, UsageError } from '../../../main/cli/common.ts';
import { splitCommand } from '../../../main/cli/main.ts';

test('negative numbers are positionals or option values, never options', () => {
  const tell = parseCommand(['ID', '3', '-0.5,-2', '--json'], {});
  assert.deepEqual(tell.positionals, ['ID', '3', '-0.5,-2']);
  assert.equal(tell.values.json, true);
  const opt = parseCommand(['--alpha', '-1e-3', '-o', '-3', '--beta=-2'], { alpha: { type: 'string' }, out: { type: 'string', short: 'o' }, beta: { type: 'string' } });
  assert.deepEqual({ ...opt.values }, { alpha: '-1e-3', out: '-3', beta: '-2', json: false, help: false });
  // After '--' everything is positional as given.
  assert.deepEqual(parseCommand(['--', '-0.5', '--json'], {}).positionals, ['-0.5', '--json']);
  // Real unknown options are still refused.
  assert.throws(() => parseCommand(['-x'], {}), (e: unknown) => e instanceof UsageError && /Unknown option '-x'/.test(e.message));
});

test('common options may stand before or after the command, and between a group and its action', () => {
  assert.deepEqual(splitCommand(['--home', 'D', 'runs']), { name: 'runs', args: ['--home', 'D'] });
  assert.deepEqual(splitCommand(['--json', '--home=D', 'study', 'show', 'X']), { name: 'study', args: ['show', 'X', '--json', '--home=D'] });
  assert.deepEqual(splitCommand(['dataset', '--json', 'list']), { name: 'dataset', args: ['list', '--json'] });
  assert.deepEqual(splitCommand(['-h', 'train']), { name: 'train', args: ['-h'] });
  assert.deepEqual(splitCommand(['study', 'tell', 'X', '0', '--', '--json']), { name: 'study', args: ['tell', 'X', '0', '--', '--json'] });
  assert.throws(() => splitCommand(['--epochs', '3', 'train']), /unknown option '--epochs' before the command/);
  assert.throws(() => splitCommand(['runs', '--home']), /needs a folder/);
});
