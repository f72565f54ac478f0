/**
 * Builds the desktop app's file set the way `npm run dist` does, without Electron's binary:
 * the compiled engine and shell (tsc, as build:node) and the renderer (vite) in a staging copy
 * of the project, then electron-builder's own `--dir` target with a stand-in Electron folder
 * (electronDist), so its file selection (`files`), the production dependency tree, the asar
 * archive and `asarUnpack` are exactly what an installer would carry. No download happens:
 * npmRebuild is off (better-sqlite3's installed binary is for Node, not Electron's ABI, which
 * only matters for an Electron run).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..', '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

export type BuiltApp = { resources: string; asar: string; unpacked: string; log: string };

export async function buildPackagedApp(work: string): Promise<BuiltApp> {
  const stage = join(work, 'stage');
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(ROOT, f), join(stage, f));
  cpSync(join(ROOT, 'assets'), join(stage, 'assets'), { recursive: true });
  cpSync(join(ROOT, 'db', 'migrations'), join(stage, 'db', 'migrations'), { recursive: true });
  cpSync(join(ROOT, 'db', 'postgres', 'migrations'), join(stage, 'db', 'postgres', 'migrations'), { recursive: true });
  // A real node_modules folder, as `npm run dist` sees: electron-builder asks `npm list` for the production tree, and npm 11
  // reads a symlinked node_modules as all-extraneous, so only the direct dependencies were packed (no @tensorflow/tfjs-core).
  // Hard links make the copy take about a second; across file systems it is a plain copy.
  await run('cp', ['-al', join(ROOT, 'node_modules'), join(stage, 'node_modules')]).catch(() => run('cp', ['-a', join(ROOT, 'node_modules'), join(stage, 'node_modules')]));
  let log = '';
  // tsc emits even when another part of the tree has a type error; the checks below find what is missing.
  const tsc = await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(stage, 'dist'), '--sourceMap', 'false'], { cwd: ROOT, maxBuffer: 1 << 24 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  log += tsc.stdout;
  // Not copied into dist/ here (build:node does that for `npm start`): electron-builder.yml's from/to entries must.
  await run(bin('vite'), ['build', '--outDir', join(stage, 'dist', 'renderer'), '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, maxBuffer: 1 << 24 });

  // A stand-in for Electron's unpacked distribution: electron-builder copies it and renames the binary.
  const electron = join(work, 'electron-dist');
  mkdirSync(electron, { recursive: true });
  writeFileSync(join(electron, 'electron'), '#!/bin/sh\necho "stand-in Electron binary (test/packaging)"\n');
  chmodSync(join(electron, 'electron'), 0o755);
  const out = join(work, 'release');
  const built = await run(bin('electron-builder'), [
    '--dir', '--linux', '--x64', '--projectDir', stage, '--config', join(stage, 'electron-builder.yml'),
    `-c.electronDist=${electron}`, '-c.npmRebuild=false', `-c.directories.output=${out}`,
  ], { cwd: stage, maxBuffer: 1 << 24, env: { ...process.env, CI: 'true' } });
  log += built.stdout + built.stderr;
  const resources = join(out, 'linux-unpacked', 'resources');
  return { resources, asar: join(resources, 'app.asar'), unpacked: join(resources, 'app.asar.unpacked'), log };
}
