/**
 * What a caller may touch on this machine, decided in one place.
 *
 * The CLI trusts its user: it is unrestricted. The web host and Electron are
 * restricted, because the page that calls them is not the user:
 * - reads only inside the data folder, or files and folders the user chose
 *   (`modelbench serve --data-dir`, Electron's open dialogs);
 * - writes only inside the data folder's exports/, or folders the user chose
 *   for writing (Electron's export dialog); a folder chosen for reading is not
 *   thereby writable;
 * - programs (study command objectives) only when the user started the host
 *   with `--allow-commands` (Electron: MODELBENCH_ALLOW_COMMANDS=1), because a
 *   program can read and write anything the user can.
 *
 * Paths are compared after resolving symlinks (the deepest existing ancestor of a
 * path that does not exist yet), so a link inside an allowed folder that leads
 * out of it is refused.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { isInside } from '../util/paths.ts';

export type Access = 'read' | 'write';

export type PathPolicy = {
  /** The data folder: readable; its exports/ is writable. */
  home: string;
  restricted: boolean;
  /** Absolute paths the user chose for reading (folders or single files). */
  readable: Set<string>;
  /** Absolute folders the user chose for writing (also readable). */
  writable: Set<string>;
  /** Whether restricted callers may create and start command studies. */
  allowCommands: boolean;
};

export function createPathPolicy(opts: { home: string; restricted: boolean; allowCommands?: boolean }): PathPolicy {
  return {
    home: resolve(opts.home),
    restricted: opts.restricted,
    readable: new Set(),
    writable: new Set(),
    // Unrestricted callers (the CLI) run what their user typed; restricted ones need the opt-in.
    allowCommands: opts.allowCommands ?? !opts.restricted,
  };
}

/** Lets a restricted caller read (or read and write) a path the user picked. */
export function allowPath(policy: PathPolicy, path: string, access: Access = 'read'): void {
  const full = resolve(path);
  policy.readable.add(full);
  if (access === 'write') policy.writable.add(full);
}

/** Folders (not single files) a restricted caller may read, after the data folder's imports/. */
export function readableFolders(policy: PathPolicy): string[] {
  const imports = join(policy.home, 'imports');
  const chosen = [...policy.readable].filter((p) => p !== imports && statSync(p, { throwIfNoEntry: false })?.isDirectory());
  return [imports, ...chosen];
}

/**
 * The absolute path to read `what` from; forbidden_path when a restricted caller
 * may not. Relative paths: against the working directory for the CLI, against
 * the data folder for the UI (which has no working directory of its own).
 */
export function assertReadable(policy: PathPolicy, path: string, what: string): string {
  const full = absolute(policy, path);
  if (!policy.restricted || [policy.home, ...policy.readable].some((root) => isInside(root, full))) return full;
  throw new ApiError(
    'forbidden_path',
    `Modelbench may only read files you chose, files in its data folder or folders allowed with \`modelbench serve --data-dir\`; the ${what} '${path}' is none of these.`,
  );
}

/** The absolute path to write `what` to; forbidden_path when a restricted caller may not. */
export function assertWritable(policy: PathPolicy, path: string, what: string): string {
  const full = absolute(policy, path);
  const exportsDir = join(policy.home, 'exports');
  if (!policy.restricted || [exportsDir, ...policy.writable].some((root) => isInside(root, full))) return full;
  throw new ApiError(
    'forbidden_path',
    `Modelbench may only write the ${what} to a folder you chose or inside ${exportsDir}; '${path}' is neither.`,
  );
}

/**
 * Refuses a study of kind 'command' (its trials run the user's program) to a
 * caller without the opt-in; `action` says what was refused ('start study X').
 */
export function assertStudyAllowed(policy: PathPolicy, kind: string, action: string): void {
  if (kind !== 'command' || policy.allowCommands) return;
  throw new ApiError(
    'forbidden',
    `Cannot ${action}: command objectives run programs on this machine, which this app was not started to allow. ` +
      'Restart it with `modelbench serve --allow-commands` (desktop app: MODELBENCH_ALLOW_COMMANDS=1), or run the study from the CLI (`modelbench tune STUDY.json`).',
  );
}

function absolute(policy: PathPolicy, path: string): string {
  // fs calls throw a TypeError on NUL bytes; say what is wrong instead.
  if (path.includes('\0')) throw new ApiError('invalid_argument', 'Path contains a NUL byte.');
  return policy.restricted ? resolve(policy.home, path) : resolve(path);
}
