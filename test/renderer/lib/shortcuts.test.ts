import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTyping, matchShortcut, SHORTCUTS } from '../../../renderer/src/lib/shortcuts.ts';

const key = (k: string, target: { tagName?: string; type?: string; isContentEditable?: boolean } | null = { tagName: 'BODY' }, mods = {}) =>
  matchShortcut({ key: k, ctrlKey: false, altKey: false, metaKey: false, target, ...mods });

test('digits go to the main screens in sidebar order; ? opens the list; / searches', () => {
  assert.deepEqual(key('1'), { kind: 'go', screen: 'datasets' });
  assert.deepEqual(key('4'), { kind: 'go', screen: 'history' });
  assert.deepEqual(key('6'), { kind: 'go', screen: 'experiments' });
  assert.deepEqual(key('?'), { kind: 'help' });
  assert.deepEqual(key('/'), { kind: 'search' });
  assert.deepEqual(key('m'), { kind: 'main' });
  assert.equal(key('7'), null);
  assert.equal(new Set(SHORTCUTS.map((s) => s.keys)).size, SHORTCUTS.length, 'no key does two things');
});

test('typing in a field and modified keys are never taken over', () => {
  assert.equal(key('1', { tagName: 'INPUT', type: 'text' }), null);
  assert.equal(key('?', { tagName: 'INPUT', type: 'number' }), null);
  assert.equal(key('/', { tagName: 'TEXTAREA' }), null);
  assert.equal(key('2', { tagName: 'SELECT' }), null);
  assert.equal(key('3', { tagName: 'DIV', isContentEditable: true }), null);
  assert.equal(key('1', { tagName: 'BODY' }, { ctrlKey: true }), null, 'Ctrl+1 belongs to the browser');
  assert.deepEqual(key('1', { tagName: 'INPUT', type: 'checkbox' }), { kind: 'go', screen: 'datasets' }, 'a checkbox takes no text');
  assert.equal(isTyping(null), false);
});
