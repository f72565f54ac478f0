import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage, RemoteError } from '../../../renderer/src/api/errors.ts';
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
