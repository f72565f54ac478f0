import { mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes a file so that readers see the old content or the new one, never half of it. `mode`: e.g. 0o600 for secrets. */
export function writeFileAtomic(path: string, data: string | NodeJS.ArrayBufferView, opts: { mode?: number } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, data, { mode: opts.mode });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
