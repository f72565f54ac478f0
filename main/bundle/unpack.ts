/**
 * Unpacks a bundle into a staging folder, refusing anything hostile before or
 * while it is written (yauzl reads the zip's central directory first, so every
 * check on names, kinds and declared sizes happens before a byte is unpacked):
 *
 * - too many entries, or more unpacked bytes than the limit (declared sizes
 *   first; then counted while unpacking, so an entry that lies about its size
 *   stops at the limit: a zip bomb);
 * - names that escape the folder ('../', absolute paths, drive letters,
 *   backslashes), duplicates, symlinks and other non-regular entries,
 *   encrypted entries;
 * - a missing or unknown manifest (format, version), entries the manifest does
 *   not list or lists but lacks, and any entry whose sha256 or size differs.
 *
 * Nothing is written outside `staging`; the caller removes it on failure.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ApiError, describeZodError } from '../api/errors.ts';
import { MAX_BUNDLE_ENTRIES, MAX_BUNDLE_JSON_BYTES, MAX_BUNDLE_UNPACKED_BYTES } from '../limits.ts';
import { isInside } from '../util/paths.ts';
import { hashingStream } from './files.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, Manifest, MANIFEST_PATH, ManifestHead } from './format.ts';

export type BundleLimits = { maxUnpackedBytes: number; maxEntries: number; maxJsonBytes: number };
export const BUNDLE_LIMITS: BundleLimits = { maxUnpackedBytes: MAX_BUNDLE_UNPACKED_BYTES, maxEntries: MAX_BUNDLE_ENTRIES, maxJsonBytes: MAX_BUNDLE_JSON_BYTES };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const MiB = 1024 * 1024;

/** Why a name may not be unpacked, or null when it is a plain relative path inside the folder. */
export function unsafeEntryName(name: string): string | null {
  if (name.length === 0 || name.length > 1000) return 'has an empty or over-long name';
  if (name.includes('\0') || name.includes('\\')) return 'has a NUL or backslash in its name';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..' || part === '.' || part === '')) return "escapes its folder ('..', '.' or an empty part)";
  return null;
}

export async function unpackBundle(file: string, staging: string, limits: BundleLimits = BUNDLE_LIMITS): Promise<Manifest> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true });
  } catch (error) {
    throw new ApiError('bad_data', `'${file}' is not a Modelbench bundle: ${(error as Error).message}.`);
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ApiError('too_large', `The bundle has ${zip.entryCount.toLocaleString('en-US')} entries; the limit is ${limits.maxEntries.toLocaleString('en-US')} (MAX_BUNDLE_ENTRIES).`);
    }
    const entries = await listEntries(zip, limits);
    const manifestEntry = entries.get(MANIFEST_PATH);
    if (!manifestEntry) throw new ApiError('bad_data', `The bundle has no ${MANIFEST_PATH}: it is not a Modelbench bundle.`);
    const manifest = parseManifest(await readSmall(zip, manifestEntry, limits.maxJsonBytes));

    const listed = new Map(manifest.files.map((f) => [f.path, f]));
    for (const path of listed.keys()) if (!entries.has(path)) throw new ApiError('bad_data', `The bundle's manifest lists ${path}, which the archive lacks.`);
    let budget = limits.maxUnpackedBytes;
    for (const [path, entry] of entries) {
      if (path === MANIFEST_PATH) continue;
      const expected = listed.get(path);
      if (!expected) throw new ApiError('bad_data', `The bundle holds ${path}, which its manifest does not list.`);
      const dest = join(staging, path);
      if (!isInside(staging, dest)) throw new ApiError('bad_data', `Bundle entry '${path}' escapes its folder.`);
      mkdirSync(dirname(dest), { recursive: true });
      const hashing = hashingStream();
      await pipeline(await openEntry(zip, entry), byteBudget(() => budget, (n) => (budget -= n), limits.maxUnpackedBytes), hashing, createWriteStream(dest, { flags: 'wx' })).catch(rethrow(path));
      const got = hashing.digest();
      if (got.sha256 !== expected.sha256 || got.bytes !== expected.bytes) {
        throw new ApiError('bad_data', `The checksum of ${path} in the bundle does not match its manifest (sha256 ${got.sha256.slice(0, 12)}… for ${expected.sha256.slice(0, 12)}…): the file is damaged or was changed.`);
      }
    }
    return manifest;
  } finally {
    zip.close();
  }
}

/** Every entry by name, after the checks that need only the central directory. */
async function listEntries(zip: yauzl.ZipFile, limits: BundleLimits): Promise<Map<string, yauzl.Entry>> {
  const entries = new Map<string, yauzl.Entry>();
  let declared = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      const unsafe = unsafeEntryName(name.endsWith('/') ? name.slice(0, -1) : name);
      if (unsafe) throw new ApiError('bad_data', `Bundle entry '${name}' ${unsafe}; refused.`);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (name.endsWith('/')) continue; // folders are implied by the files' paths
      if (mode !== 0 && mode !== S_IFREG) throw new ApiError('bad_data', `Bundle entry '${name}' is a symbolic link or another special file; only regular files are unpacked.`);
      if (entry.isEncrypted()) throw new ApiError('bad_data', `Bundle entry '${name}' is encrypted.`);
      if (entries.has(name)) throw new ApiError('bad_data', `The bundle holds '${name}' twice.`);
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) throw tooLarge(declared, limits.maxUnpackedBytes, 'declares');
      entries.set(name, entry);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // yauzl's own checks (e.g. "invalid relative path: ../x", "absolute path: /x") and broken archives.
    const message = (error as Error).message;
    const escapes = /relative path|absolute path|backslash/i.test(message);
    throw new ApiError('bad_data', escapes ? `A bundle entry escapes its folder (${message}); refused.` : `The bundle is not a valid archive: ${message}.`);
  }
  return entries;
}

function parseManifest(text: Buffer): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text.toString('utf8'));
  } catch {
    throw new ApiError('bad_data', `The bundle's ${MANIFEST_PATH} is not valid JSON.`);
  }
  const head = ManifestHead.safeParse(raw);
  if (!head.success || head.data.format !== BUNDLE_FORMAT) throw new ApiError('bad_data', `The archive is not a Modelbench bundle (its manifest's format is not '${BUNDLE_FORMAT}').`);
  if (head.data.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw new ApiError('bad_data', `The bundle has format version ${head.data.formatVersion}; this Modelbench reads version ${BUNDLE_FORMAT_VERSION}. Update Modelbench (or export the bundle again with this version).`);
  }
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success) throw new ApiError('bad_data', `The bundle's manifest is not valid: ${describeZodError(parsed.error)}.`);
  return parsed.data;
}

async function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    throw new ApiError('bad_data', `Bundle entry '${entry.fileName}' cannot be read: ${(error as Error).message}.`);
  }
}

/** A small entry (JSON) read whole, refused past `max` bytes. */
export async function readSmall(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<Buffer> {
  if (entry.uncompressedSize > max) throw tooLarge(entry.uncompressedSize, max, 'declares', entry.fileName);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of await openEntry(zip, entry)) {
    size += (chunk as Buffer).length;
    if (size > max) throw tooLarge(size, max, 'unpacks to', entry.fileName);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Counts bytes against the remaining budget and fails as soon as it is spent. */
function byteBudget(left: () => number, spend: (n: number) => void, limit: number): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (chunk.length > left()) return done(tooLarge(limit - left() + chunk.length, limit, 'unpacks to'));
      spend(chunk.length);
      done(null, chunk);
    },
  });
}

function tooLarge(bytes: number, limit: number, verb: string, what = 'The bundle'): ApiError {
  return new ApiError(
    'too_large',
    `${what} ${verb} more than ${(limit / MiB).toFixed(0)} MiB (at least ${(bytes / MiB).toFixed(1)} MiB); the limit is MAX_BUNDLE_UNPACKED_BYTES for a whole bundle and MAX_BUNDLE_JSON_BYTES for one JSON entry.`,
  );
}

function rethrow(path: string) {
  return (error: unknown): never => {
    if (error instanceof ApiError) throw error;
    throw new ApiError('bad_data', `Bundle entry '${path}' cannot be unpacked: ${(error as Error).message}.`);
  };
}
