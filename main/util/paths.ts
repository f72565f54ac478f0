/**
 * Where Modelbench keeps its data, and the guard every shell uses for paths
 * that come from outside (UI, WebSocket, IPC): resolve first, then check that
 * the real location (symlinks followed) stays inside an allowed root.
 */
import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ApiError } from '../api/errors.ts';

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
 * created): the deepest existing ancestor is resolved, the rest appended.
 */
export function realpathLoose(path: string): string {
  const full = resolve(path);
  if (existsSync(full)) return realpathSync.native(full);
  const parent = dirname(full);
  if (parent === full) return full;
  return join(realpathLoose(parent), basename(full));
}

/** True when candidate is root itself or below it (after resolving symlinks). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(realpathLoose(root), realpathLoose(candidate));
  const caseFold = process.platform === 'win32' || process.platform === 'darwin';
  const r = caseFold ? rel.toLowerCase() : rel;
  return r === '' || (!isAbsolute(r) && r !== '..' && !r.startsWith(`..${sep}`));
}

/** Throws forbidden_path unless candidate is inside root; returns the resolved candidate. */
export function assertInside(root: string, candidate: string): string {
  if (!isInside(root, candidate)) {
    throw new ApiError('forbidden_path', `Path '${candidate}' is outside the allowed folder '${root}'.`);
  }
  return resolve(candidate);
}

/**
 * Turns a user-supplied path into an absolute one (relative to `base`, `~`
 * expanded) and, when `roots` is given, requires it to be inside one of them.
 */
export function resolveUserPath(input: string, opts: { base?: string; roots?: string[] } = {}): string {
  if (typeof input !== 'string' || input.trim() === '') throw new ApiError('invalid_argument', 'Path is empty.');
  if (input.includes('\0')) throw new ApiError('invalid_argument', 'Path contains a NUL byte.');
  const full = resolve(opts.base ?? process.cwd(), expandTilde(input));
  if (opts.roots && !opts.roots.some((root) => isInside(root, full))) {
    throw new ApiError('forbidden_path', `Modelbench may not access '${input}': it is outside the files and folders you chose.`);
  }
  return full;
}
