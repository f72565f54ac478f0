/**
 * Where Modelbench keeps its data, and the symlink-safe containment test that
 * the engine's path policy (main/engine/path-policy.ts) is built on.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

type Env = Record<string, string | undefined>;

/** The platform's per-user app-data folder for Modelbench. */
export function defaultHome(platform: NodeJS.Platform = process.platform, env: Env = process.env, home = homedir()): string {
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Modelbench');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Modelbench');
  // XDG: an empty or relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(xdg, 'modelbench');
}

/** --home flag, then MODELBENCH_HOME, then the platform default; always absolute. */
export function resolveHome(flag?: string, env: Env = process.env): string {
  const chosen = flag || env.MODELBENCH_HOME || defaultHome(process.platform, env);
  return resolve(expandTilde(chosen));
}

export function expandTilde(path: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/') || path.startsWith('~\\')) return join(homedir(), path.slice(2));
  return path;
}

/**
 * Like realpath, for paths that may not exist yet (an export folder to be
 * created): the deepest existing ancestor is resolved, the rest appended. A
 * dangling symlink is followed to where it points (writing through it would
 * land there), up to 40 links as the kernel does.
 */
export function realpathLoose(path: string, hops = 0): string {
  const full = resolve(path);
  const stat = lstatSync(full, { throwIfNoEntry: false });
  if (stat && existsSync(full)) return realpathSync.native(full);
  const parent = dirname(full);
  if (stat?.isSymbolicLink() && hops < 40) return realpathLoose(resolve(realpathLoose(parent), readlinkSync(full)), hops + 1);
  if (parent === full) return full;
  return join(realpathLoose(parent, hops), basename(full));
}

/** True when candidate is root itself or below it (after resolving symlinks). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(realpathLoose(root), realpathLoose(candidate));
  const caseFold = process.platform === 'win32' || process.platform === 'darwin';
  const r = caseFold ? rel.toLowerCase() : rel;
  return r === '' || (!isAbsolute(r) && r !== '..' && !r.startsWith(`..${sep}`));
}
