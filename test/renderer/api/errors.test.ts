import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../main/api/errors.ts';
import { errorField, errorMessage, RemoteError, remoteError } from '../../../renderer/src/api/errors.ts';
import { setLocale } from '../../../renderer/src/i18n/index.ts';

test('engine errors: the message alone in English, a translated lead-in by code before it in Chinese', () => {
  const error = new RemoteError('invalid_argument', 'epochs: Must be at least 1');
  try {
    setLocale('en');
    assert.equal(errorMessage(error), 'epochs: Must be at least 1');
    setLocale('zh-CN');
    assert.equal(errorMessage(error), '参数无效：epochs: Must be at least 1');
    assert.equal(errorMessage({ code: 'not_found', message: 'run r1 not found' }), '未找到：run r1 not found', 'the preload rejects with a plain payload');
    assert.equal(errorMessage(new Error("Error invoking remote method 'mb:call': Error: boom")), 'boom', 'no code, no lead-in');
    assert.equal(errorMessage({ code: 'weird', message: 'x' }), 'x', 'an unknown code gets no lead-in');
  } finally {
    setLocale('en');
  }
});

test('the field an engine error is about: from a RemoteError, a preload payload or an ApiError; anything else names none', () => {
  assert.equal(remoteError({ code: 'bad_data', message: 'x', details: { field: 'series.lookback' } }).field, 'series.lookback');
  assert.equal(errorField(remoteError({ code: 'bad_data', message: 'x', details: { field: 'textColumns' } })), 'textColumns');
  // The Electron preload rejects with the plain payload, details and all.
  assert.equal(errorField({ code: 'bad_data', message: 'x', details: { field: 'label' } }), 'label');
  assert.equal(errorField(new ApiError('invalid_argument', 'x', { field: 'series.test' })), 'series.test');
  assert.equal(errorField(new RemoteError('bad_data', 'x')), null);
  assert.equal(errorField({ code: 'too_large', message: 'x', details: { actual: 3, limit: 2 } }), null);
  assert.equal(errorField(new Error('boom')), null);
  assert.equal(errorField('plain'), null);
  // Only a field path is taken: not a number, markup or an over-long string.
  for (const field of [3, '<b>x</b>', 'a..b', 'x'.repeat(201), '']) assert.equal(errorField({ message: 'x', details: { field } }), null, String(field));
  assert.equal(remoteError({ code: 'bad_data', message: 'x', details: { field: '<b>' } }).field, undefined);
});
