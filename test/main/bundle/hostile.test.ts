/**
 * Hostile and broken bundles, built with the zip libraries from a real one:
 * each is refused with a clear error and leaves the target data folder as it
 * was (no rows, no files, no staging folder). A store that fails half way
 * through an import is undone too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import type { Store } from '../../../db/store.ts';
import { ApiError } from '../../../main/api/errors.ts';
import { importBundle } from '../../../main/bundle/import.ts';
import { BUNDLE_LIMITS, type BundleLimits } from '../../../main/bundle/unpack.ts';
import { sha256Buffer } from '../../../main/bundle/files.ts';
import { tempEngine, trainRun } from './workbench.ts';

let work: string;
let valid: Map<string, Buffer>;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'mb-hostile-'));
  const source = await tempEngine('mb-hostile-src-');
  try {
    const dataset = await source.engine.call('datasets.importSample', { sample: 'iris' });
    const runId = await trainRun(source.engine, dataset.id, 2);
    const { file } = await source.engine.call('bundles.export', { kind: 'run', id: runId, withData: true });
    valid = await readZip(file);
  } finally {
    await source.close();
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

async function readZip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  zip.close();
  return out;
}

type Extra = { name: string; data: Buffer; mode?: number };

/** A zip of `entries` (+ extras with their own file modes) written with yazl. */
async function zipOf(entries: Map<string, Buffer>, extras: Extra[] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  for (const e of extras) zip.addBuffer(e.data, e.name, e.mode === undefined ? {} : { mode: e.mode });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The valid entries with a changed manifest and/or changed files; the manifest's checksums follow the files unless told not to. */
function tampered(change: { files?: Record<string, Buffer>; manifest?: (m: Record<string, unknown>) => void; keepChecksums?: boolean }): Map<string, Buffer> {
  const entries = new Map(valid);
  for (const [name, data] of Object.entries(change.files ?? {})) entries.set(name, data);
  const manifest = JSON.parse(entries.get('manifest.json')!.toString());
  if (!change.keepChecksums) {
    manifest.files = [...entries].filter(([n]) => n !== 'manifest.json').map(([path, data]) => ({ path, bytes: data.length, sha256: sha256Buffer(data) }));
  }
  change.manifest?.(manifest);
  entries.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return entries;
}

/** Replaces a name in a zip's headers by another of the same length (what a hand-made hostile archive does). */
function renameInZip(zip: Buffer, from: string, to: string): Buffer {
  assert.equal(from.length, to.length);
  const out = Buffer.from(zip);
  let at = out.indexOf(from);
  assert.ok(at >= 0);
  for (; at >= 0; at = out.indexOf(from, at + 1)) out.write(to, at, 'latin1');
  return out;
}

/** Sets the uncompressed size an entry declares (local header and central directory): the zip-bomb lie. */
function lieAboutSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i < out.length - 4; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50 && out.toString('latin1', i + 30, i + 30 + name.length) === name) out.writeUInt32LE(size, i + 22);
    if (sig === 0x02014b50 && out.toString('latin1', i + 46, i + 46 + name.length) === name) out.writeUInt32LE(size, i + 24);
  }
  return out;
}

async function attempt(bytes: Buffer, limits: BundleLimits = BUNDLE_LIMITS, wrap: (s: Store) => Store = (s) => s): Promise<{ error: ApiError; home: string }> {
  const home = mkdtempSync(join(work, 'target-'));
  const file = join(work, `${Math.random().toString(36).slice(2)}.mbz`);
  writeFileSync(file, bytes);
  const store = createSqliteStore(join(home, 'modelbench.db'));
  try {
    const error = await importBundle({ home, store: wrap(store) }, file, limits).then(
      () => assert.fail('the bundle was imported'),
      (e: unknown) => e as ApiError,
    );
    // ApiErrors for bad bundles; the store's own failure comes through as it is.
    assert.ok(error instanceof Error, String(error));
    // Nothing written: no rows, no files, no staging folder, nothing beside the data folder.
    assert.equal((await store.runs.list({ offset: 0, limit: 10, sort: 'createdAt', order: 'desc' })).total, 0);
    assert.deepEqual(await store.datasets.list(), []);
    for (const dir of ['runs', 'datasets', '.staging']) {
      const path = join(home, dir);
      assert.ok(!existsSync(path) || readdirSync(path).length === 0, `${dir} is not empty: ${existsSync(path) ? readdirSync(path) : ''}`);
    }
    assert.deepEqual(readdirSync(home).filter((n) => !n.startsWith('modelbench.db') && !['runs', 'datasets', '.staging'].includes(n)), []);
    return { error, home };
  } finally {
    await store.close();
  }
}

describe('hostile bundles are refused with nothing written', () => {
  test('the untouched bundle imports (the baseline the others break)', async () => {
    const home = mkdtempSync(join(work, 'ok-'));
    const file = join(work, 'ok.mbz');
    writeFileSync(file, await zipOf(valid));
    const store = createSqliteStore(join(home, 'modelbench.db'));
    try {
      const result = await importBundle({ home, store }, file);
      assert.equal(result.counts.runs, 1);
    } finally {
      await store.close();
    }
  });

  test("an entry that climbs out with '../'", async () => {
    const zip = renameInZip(await zipOf(valid, [{ name: 'aa/evil.txt', data: Buffer.from('owned') }]), 'aa/evil.txt', '../evil.txt');
    const { error } = await attempt(zip);
    assert.equal(error.code, 'bad_data');
    assert.match(error.message, /escapes its folder/);
    assert.ok(!existsSync(join(work, 'evil.txt')));
  });

  test('an absolute path', async () => {
    const zip = renameInZip(await zipOf(valid, [{ name: 'Xtmp/mb-evil.txt', data: Buffer.from('owned') }]), 'Xtmp/mb-evil.txt', '/tmp/mb-evil.txt');
    const { error } = await attempt(zip);
    assert.equal(error.code, 'bad_data');
    assert.match(error.message, /absolute path|escapes its folder/);
    assert.ok(!existsSync('/tmp/mb-evil.txt'));
  });

  test('a symbolic link', async () => {
    const { error } = await attempt(await zipOf(valid, [{ name: 'runs/link', data: Buffer.from('/etc/passwd'), mode: 0o120777 }]));
    assert.equal(error.code, 'bad_data');
    assert.match(error.message, /symbolic link/);
  });

  test('a zip bomb over the unpacked limit: declared, and lying about its size', async () => {
    const limits = { ...BUNDLE_LIMITS, maxUnpackedBytes: 1024 * 1024 };
    const bomb = Buffer.alloc(16 * 1024 * 1024);
    const honest = await zipOf(valid, [{ name: 'bomb.bin', data: bomb }]);
    assert.ok(honest.length < 1024 * 1024, `the bomb compresses (${honest.length} bytes)`);
    const declared = await attempt(honest, limits);
    assert.equal(declared.error.code, 'too_large');
    assert.match(declared.error.message, /MAX_BUNDLE_UNPACKED_BYTES/);
    // The same bomb listed in the manifest and declaring 100 bytes: caught while unpacking.
    const listed = tampered({ files: { 'bomb.bin': bomb } });
    const lying = lieAboutSize(await zipOf(listed), 'bomb.bin', 100);
    const caught = await attempt(lying, limits);
    assert.ok(['too_large', 'bad_data'].includes(caught.error.code), caught.error.message);
  });

  test('too many entries', async () => {
    const { error } = await attempt(await zipOf(valid), { ...BUNDLE_LIMITS, maxEntries: 3 });
    assert.equal(error.code, 'too_large');
    assert.match(error.message, /MAX_BUNDLE_ENTRIES/);
  });

  test('a file changed after export: its checksum does not match', async () => {
    const records = JSON.parse(valid.get('records.json')!.toString());
    records.runs[0].record.name = 'changed';
    const { error } = await attempt(await zipOf(tampered({ files: { 'records.json': Buffer.from(JSON.stringify(records)) }, keepChecksums: true })));
    assert.equal(error.code, 'bad_data');
    assert.match(error.message, /checksum of records\.json/);
  });

  test('an unknown format version, a foreign archive, an unlisted entry, garbage', async () => {
    const version = await attempt(await zipOf(tampered({ manifest: (m) => (m.formatVersion = 2) })));
    assert.equal(version.error.code, 'bad_data');
    assert.match(version.error.message, /format version 2; this Modelbench reads version 1/);
    const foreign = await attempt(await zipOf(new Map([['readme.txt', Buffer.from('hello')]])));
    assert.match(foreign.error.message, /no manifest\.json/);
    const unlisted = await attempt(await zipOf(valid, [{ name: 'extra.txt', data: Buffer.from('x') }]));
    assert.match(unlisted.error.message, /extra\.txt, which its manifest does not list/);
    const garbage = await attempt(Buffer.from('not a zip at all'));
    assert.equal(garbage.error.code, 'bad_data');
  });

  test('records that fail validation, and references the bundle cannot satisfy', async () => {
    const records = JSON.parse(valid.get('records.json')!.toString());
    const bad = structuredClone(records);
    bad.runs[0].record.status = 'exploded';
    const invalid = await attempt(await zipOf(tampered({ files: { 'records.json': Buffer.from(JSON.stringify(bad)) } })));
    assert.equal(invalid.error.code, 'bad_data');
    assert.match(invalid.error.message, /runs\.0\.record\.status/);

    const dangling = structuredClone(records);
    dangling.runs[0].record.datasetId = 'ds_elsewhere';
    const ref = await attempt(await zipOf(tampered({ files: { 'records.json': Buffer.from(JSON.stringify(dangling)) } })));
    assert.match(ref.error.message, /uses dataset ds_elsewhere, which the bundle does not describe/);

    const escaping = structuredClone(records);
    escaping.runs[0].files.push('../../../etc/passwd');
    const files = await attempt(await zipOf(tampered({ files: { 'records.json': Buffer.from(JSON.stringify(escaping)) } })));
    assert.match(files.error.message, /escapes its folder/);
  });

  test('a store failure half way through is undone: rows deleted, files removed', async () => {
    const failing = (store: Store): Store => ({ ...store, metrics: { ...store.metrics, append: async () => Promise.reject(new Error('disk full')) } });
    const { error } = await attempt(await zipOf(valid), BUNDLE_LIMITS, failing);
    assert.match(error.message, /disk full/);
  });
});
