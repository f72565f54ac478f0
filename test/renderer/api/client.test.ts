/**
 * The desktop app's CSV import, renderer side: the picked file's bytes go to
 * the main process unchanged (not decoded in the page, which turned Latin-1
 * into U+FFFD), and the main process's part (main/data/upload-folder.ts, what
 * electron/ipc.ts runs for 'modelbench:import-file') imports them through a real
 * engine exactly as the CLI and the browser upload do. The arguments are
 * structured-cloned, as Electron's IPC does. Electron's binary is not available
 * here, so the preload's one-line forwarding is the only part not run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { DatasetMeta } from '../../../main/api/schemas.ts';
import { importSentBytes } from '../../../main/data/upload-folder.ts';
import { createEngine, type Engine } from '../../../main/engine/engine.ts';
import { MAX_UPLOAD_BYTES } from '../../../main/limits.ts';
import { importFileOverIpc, type DesktopApi } from '../../../renderer/src/api/client.ts';
import { RemoteError } from '../../../renderer/src/api/errors.ts';
import { tempDir } from '../../main/data/helpers.ts';

let engine: Engine;
const cleanups: (() => void)[] = [];
before(async () => {
  const dir = tempDir({ after: (fn) => cleanups.push(fn) });
  engine = await createEngine({ home: join(dir, 'home'), workers: 1, backend: ['cpu'], restrictPaths: true });
});
after(async () => {
  await engine.close();
  for (const fn of cleanups) fn();
});

/** The desktop bridge as the preload exposes it, over a real engine; `sent` records what crossed. */
function desktop(sent: unknown[][]): DesktopApi {
  const ipc = structuredClone;
  return {
    call: (method, params) => engine.call(method, ipc(params)) as never,
    on: () => () => {},
    importFile: (fileName, bytes, options) => {
      sent.push([fileName, bytes, options]);
      const [name, data, opts] = ipc([fileName, bytes, options]);
      return importSentBytes({
        importsDir: join(engine.home, 'imports'),
        fileName: name,
        bytes: data,
        options: opts,
        maxBytes: MAX_UPLOAD_BYTES,
        importPath: (params) => engine.callUntyped('datasets.importPath', params) as Promise<DatasetMeta>,
      });
    },
  } satisfies DesktopApi & Pick<ModelbenchApi, 'call'>;
}

test('a Latin-1 CSV picked in the app reaches the engine as bytes: encoding detected, accents kept', async () => {
  const latin1 = Buffer.from('länge;breite;art\r\n5,1;3,5;a\r\n4,9;3;b\r\n6,2;2,75;a\r\n5,5;3,25;b\r\n', 'latin1');
  const file = new File([latin1], 'messungen.csv', { type: 'text/csv' });
  const sent: unknown[][] = [];
  const progress: { sent: number; total: number }[] = [];
  const meta = await importFileOverIpc(desktop(sent), file, { missing: 'refuse' }, (p) => progress.push(p));
  assert.deepEqual(Buffer.from(sent[0][1] as Uint8Array), latin1);
  assert.equal(meta.info?.encoding, 'windows-1252');
  assert.deepEqual(meta.featureNames, ['länge', 'breite']);
  assert.deepEqual(meta.info?.decimalComma, ['länge', 'breite']);
  assert.equal(meta.name, 'messungen');
  assert.deepEqual(progress.at(-1), { sent: latin1.length, total: latin1.length });
  // No name typed: the file's name, made unique, as on the CLI and in the browser.
  assert.equal((await importFileOverIpc(desktop(sent), file, {})).name, 'messungen (2)');
  await assert.rejects(importFileOverIpc(desktop(sent), file, { name: 'messungen' }), (e: unknown) => (e as { code?: string }).code === 'conflict');
});

test('the main process refuses what a page should not send', async () => {
  const importsDir = join(engine.home, 'imports');
  const importPath = (params: Record<string, unknown>) => engine.callUntyped('datasets.importPath', params);
  const base = { importsDir, fileName: 'a.csv', bytes: new Uint8Array([97, 10]), options: {}, maxBytes: 1024, importPath };
  const refused = async (over: Partial<typeof base> & Record<string, unknown>, code: string, pattern: RegExp) =>
    assert.rejects(importSentBytes({ ...base, ...over }), (e: unknown) => (e as { code?: string }).code === code && pattern.test((e as Error).message));
  await refused({ bytes: 'a,b\n1,2\n' as never }, 'invalid_argument', /bytes/);
  await refused({ fileName: 42 as never }, 'invalid_argument', /file name/);
  await refused({ bytes: new Uint8Array(1025) }, 'too_large', /^'a\.csv' is 1,025 bytes; the limit is 1 KiB\. .*MAX_UPLOAD_BYTES/);
  await refused({ options: { path: '/etc/passwd' } }, 'invalid_argument', /may not name a path/);
  // Over the limit in the page: refused before anything is read or sent.
  const sent: unknown[][] = [];
  const big = { name: 'big.csv', size: MAX_UPLOAD_BYTES + 1, arrayBuffer: () => assert.fail('read') } as unknown as File;
  await assert.rejects(importFileOverIpc(desktop(sent), big, {}), (e: unknown) => e instanceof RemoteError && e.code === 'too_large');
  assert.deepEqual(sent, []);
});
