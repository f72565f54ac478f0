/** The installed version of a package, for the versions recorded with runs ('unknown' when it cannot be read). */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
