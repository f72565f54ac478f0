import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RemoteError } from '../../../renderer/src/api/errors.ts';
import { typedName, uploadRefusal, uploadResult } from '../../../renderer/src/api/upload.ts';
import { MAX_UPLOAD_BYTES } from '../../../main/limits.ts';

test('uploadRefusal: up to the limit is fine; past it, a message with sizes and the CLI alternative', () => {
  assert.equal(uploadRefusal({ name: 'a.csv', size: MAX_UPLOAD_BYTES }), null);
  assert.equal(
    uploadRefusal({ name: 'big.csv', size: MAX_UPLOAD_BYTES + 300 * 1024 * 1024 }),
    'big.csv is 500 MiB; the browser can import files up to 200 MiB. Import it on the machine that runs Modelbench instead: modelbench dataset import FILE',
  );
  assert.match(uploadRefusal({ name: 'x.csv', size: 3 * 1024 * 1024 }, 1024 * 1024) ?? '', /^x\.csv is 3\.0 MiB; .* up to 1\.0 MiB/);
});

test('uploadResult: the dataset, the host\'s API error, or a plain refusal', () => {
  assert.deepEqual(uploadResult(200, JSON.stringify({ result: { id: 'ds1' } })), { id: 'ds1' });
  assert.throws(() => uploadResult(413, JSON.stringify({ error: { code: 'too_large', message: 'too big' } })), (e: unknown) => e instanceof RemoteError && e.code === 'too_large' && e.message === 'too big');
  assert.throws(() => uploadResult(400, JSON.stringify({ error: { code: 'bad_data', message: 'no', details: { field: 'series.time' } } })), (e: unknown) => e instanceof RemoteError && e.field === 'series.time');
  assert.throws(() => uploadResult(401, 'Missing or wrong token'), (e: unknown) => e instanceof RemoteError && e.code === 'forbidden' && /HTTP 401: Missing or wrong token/.test(e.message));
  assert.throws(() => uploadResult(502, ''), (e: unknown) => e instanceof RemoteError && e.code === 'internal');
});

test('typedName: a name only when the user changed the suggestion', () => {
  assert.equal(typedName('wine (2)', 'wine (2)'), undefined);
  assert.equal(typedName('  wine (2) ', 'wine (2)'), undefined);
  assert.equal(typedName('', 'wine'), undefined);
  assert.equal(typedName(' red wine ', 'wine'), 'red wine');
});
