/** Files of a bundle on disk: listing a folder's regular files, and sha256 while streaming. */
import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { datasetFiles } from './format.ts';

/** Regular files under `dir`, as '/'-separated relative paths, sorted; symlinks and other special files are skipped. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = join(folder, name);
      const stat = lstatSync(full);
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  if (lstatSync(dir, { throwIfNoEntry: false })?.isDirectory()) walk(dir);
  return out.sort();
}

export type Digest = { sha256: string; bytes: number };

/** A pass-through stream that hashes and counts what flows through it; `digest()` is valid after it ends. */
export function hashingStream(): Transform & { digest(): Digest } {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  let result: Digest | null = null;
  return Object.assign(stream, { digest: () => (result ??= { sha256: hash.digest('hex'), bytes }) });
}

export function sha256Buffer(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** sha256 of each of a stored dataset's files (format.ts datasetFiles), by key: x, y, and texts or parts. */
export async function datasetDigests(dir: string, meta: Parameters<typeof datasetFiles>[0]): Promise<Record<string, string>> {
  const files = datasetFiles(meta);
  const digests = await Promise.all(files.map(({ file }) => sha256File(join(dir, file))));
  return Object.fromEntries(files.map(({ key }, i) => [key, digests[i]]));
}
