/**
 * Whether the Electron e2e spec can run here, and if not, why: shared by the
 * spec (to skip) and playwright.config.ts (to print the reason, since the list
 * reporter shows a skipped test as a bare '-').
 *
 * Electron >= 42 downloads its binary on first run, and require('electron')
 * would start that download, so this looks for the binary itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..', '..');
const HINT = 'run on a machine with internet where `npx electron --version` works';

/** The Electron executable, or why there is none (without triggering a download). */
export function findElectron(): { path: string } | { reason: string } {
  const pkg = join(root, 'node_modules', 'electron');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const override = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron');
    return existsSync(override) ? { path: override } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no executable (${override})` };
  }
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'its binary was never downloaded (node_modules/electron/path.txt is missing)' };
  const executable = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { path: executable } : { reason: `the binary ${executable} is missing` };
}

/** Null when the spec can run; otherwise the reason it is skipped. */
export function electronSkipReason(found = findElectron()): string | null {
  if ('reason' in found) return `Electron binary not available: ${found.reason}; ${HINT}`;
  const missing = ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html'].filter((f) => !existsSync(join(root, f)));
  return missing.length > 0 ? `the app is not built (${missing.join(', ')} missing); run \`npm run build\` first` : null;
}
