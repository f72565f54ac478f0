/**
 * The packaged desktop app is complete: built with electron-builder's own file selection and
 * asar settings (build-app.ts, a stand-in for Electron's binary, which cannot be downloaded
 * here), extracted, and its engine run with Node from the extracted tree: a sample and a CSV
 * imported (import workers), a run trained (a training worker), exported as TensorFlow.js and
 * ONNX, explained (an explanation worker) and bundled. Electron's asar constraints are checked
 * on what that run touched (asar-rules.ts records it): native addons and everything a worker
 * thread loads or reads must be in app.asar.unpacked, and workers must be started from there.
 * What this does not prove: that Electron's binary starts, draws the window or loads
 * better-sqlite3 rebuilt for its ABI (npm run dist does that rebuild); see README.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { extractAll, listPackage } from '@electron/asar';
import { buildPackagedApp, ROOT, type BuiltApp } from './build-app.ts';
import { importClosure } from './import-closure.ts';

const run = promisify(execFile);

/**
 * A work folder with no node_modules above it: Node resolves a bare import by walking up, so a
 * node_modules in /tmp would supply a module the app lacks and hide the gap.
 */
function cleanBase(): string {
  const clean = (dir: string) => {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules'))) return false;
      if (dirname(d) === d) return true;
    }
  };
  const base = [tmpdir(), '/var/tmp'].find((d) => existsSync(d) && clean(d));
  if (!base) throw new Error(`no temporary folder without a node_modules above it (${tmpdir()}, /var/tmp); set TMPDIR to one`);
  return base;
}
const work = mkdtempSync(join(cleanBase(), 'modelbench-packaging-'));
test.after(() => {
  if (!process.env.MODELBENCH_PACKAGING_KEEP) rmSync(work, { recursive: true, force: true });
});

let app: BuiltApp;
let packed: Set<string>;
let unpacked: Set<string>;

/** Every file under `dir`, relative, with forward slashes. */
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split(sep).join('/')]));
}

test('electron-builder packs the app (offline, --dir, stand-in Electron)', { timeout: 600_000 }, async () => {
  app = await buildPackagedApp(work);
  assert.ok(existsSync(app.asar), `no app.asar: ${app.log}`);
  packed = new Set(listPackage(app.asar, { isPack: false }).map((p) => p.replace(/\\/g, '/').replace(/^\//, '')));
  unpacked = new Set(walk(app.unpacked));
});

test('the archive holds the shell, the engine, every worker, migrations, samples, wasm and the renderer', () => {
  const required = [
    'package.json', 'dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html',
    'dist/main/engine/engine.js', 'dist/main/cli/main.js', 'dist/main/train/worker.js', 'dist/main/data/import-worker.js', 'dist/main/explain/worker.js',
    ...readdirSync(join(ROOT, 'db', 'migrations')).map((f) => `dist/db/migrations/${f}`),
    ...readdirSync(join(ROOT, 'db', 'postgres', 'migrations')).map((f) => `dist/db/postgres/migrations/${f}`),
    ...readdirSync(join(ROOT, 'assets', 'samples')).map((f) => `assets/samples/${f}`),
  ];
  assert.deepEqual(required.filter((f) => !packed.has(f)), [], 'files missing from the app');
  const wasm = [...packed].filter((f) => f.startsWith('node_modules/@tensorflow/tfjs-backend-wasm/dist/') && f.endsWith('.wasm'));
  assert.ok(wasm.length >= 3, 'the wasm backend binaries are packed');
  assert.deepEqual(wasm.filter((f) => !unpacked.has(f)), [], 'wasm binaries are unpacked');
  const natives = [...packed].filter((f) => f.endsWith('.node'));
  assert.ok(natives.some((f) => f.startsWith('node_modules/better-sqlite3/')), 'better-sqlite3 has its native addon');
  assert.deepEqual(natives.filter((f) => !unpacked.has(f)), [], 'native addons are unpacked (dlopen cannot read an asar archive)');
  assert.equal([...packed].some((f) => f.startsWith('node_modules/@tensorflow/tfjs-node')), false, 'tfjs-node (optional, native, downloads libtensorflow) is not bundled');
  assert.equal([...packed].some((f) => /^node_modules\/(svelte|vite|typescript|@playwright|electron)\//.test(f)), false, 'no development tools in the app');
});

test('the desktop shell imports only packed files and packages', () => {
  const missing = importClosure(['dist/electron/main.js'], packed, (f) => readFileSync(join(extracted(), f), 'utf8'));
  assert.deepEqual(missing, [], 'imports of the Electron shell that the package does not have');
});

let extractedDir: string | undefined;
/** The archive extracted as a folder named app.asar beside app.asar.unpacked, as Electron sees them. */
function extracted(): string {
  if (extractedDir) return extractedDir;
  const resources = join(work, 'emulated', 'resources');
  extractAll(app.asar, join(resources, 'app.asar'));
  cpSync(app.unpacked, join(resources, 'app.asar.unpacked'), { recursive: true });
  extractedDir = join(resources, 'app.asar');
  return extractedDir;
}

type Event = { thread: 'main' | number; kind: 'worker' | 'dlopen' | 'load' | 'read'; path: string };
let events: Event[] = [];
let appDir = '';

test('the engine runs from the extracted app: import, train, export (tfjs, ONNX), explain, bundle', { timeout: 600_000 }, async () => {
  appDir = extracted();
  const home = join(work, 'home');
  const log = join(work, 'asar-events.jsonl');
  writeFileSync(log, '');
  const csv = join(work, 'flowers.csv');
  cpSync(join(ROOT, 'assets', 'samples', 'iris.csv'), csv);
  const { stdout } = await run(process.execPath, ['--import', join(import.meta.dirname, 'asar-rules.ts'), join(import.meta.dirname, 'drive-engine.ts'), appDir, home, csv], {
    cwd: work, maxBuffer: 1 << 24, timeout: 540_000, env: { ...process.env, MB_ASAR_LOG: log, MODELBENCH_HOME: home },
  });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
  assert.equal(result.run.status, 'completed', `the run: ${result.run.error}`);
  assert.equal(result.run.epochs, 3);
  assert.ok(result.run.accuracy > 0, 'the run was scored');
  assert.deepEqual(result.datasets, [150, 150]);
  assert.ok(result.exports.tfjs.some((f: string) => f.endsWith('model.json')) && result.exports.tfjs.some((f: string) => f.endsWith('model-card.md')));
  assert.ok(result.exports.onnx.some((f: string) => f.endsWith('model.onnx')));
  assert.equal(result.explanation.status, 'completed', `the explanation: ${result.explanation.error}`);
  assert.ok(result.bundle.bytes > 0);
  events = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
  assert.ok(events.some((e) => e.kind === 'worker'), 'workers were started');
});

/** `path` inside the extracted archive (not its unpacked copy), relative, or null. */
function insideArchive(path: string): string | null {
  const rel = relative(appDir, path);
  return rel.startsWith('..') || rel === '' ? null : rel.split(sep).join('/');
}

test('native addons, and everything worker threads load or read, are in app.asar.unpacked', () => {
  const needed = new Map<string, string>();
  for (const e of events) {
    if (e.kind === 'worker') continue;
    if (e.thread === 'main' && e.kind !== 'dlopen') continue;
    const rel = insideArchive(e.path);
    if (rel && existsSync(join(appDir, rel))) needed.set(rel, `${e.thread === 'main' ? 'main thread' : 'worker'} ${e.kind}`);
  }
  assert.ok(needed.size > 0, 'the workers loaded modules from the app');
  const missing = [...needed].filter(([rel]) => !unpacked.has(rel)).map(([rel, how]) => `${rel} (${how})`);
  assert.deepEqual(missing, [], 'add these to asarUnpack in electron-builder.yml');
});

test('worker threads resolve every module inside the app', () => {
  const resources = dirname(appDir);
  const outside = events.filter((e) => e.thread !== 'main' && e.kind === 'load' && relative(resources, e.path).startsWith('..') && e.path !== join(import.meta.dirname, 'asar-rules.ts'));
  assert.deepEqual([...new Set(outside.map((e) => e.path))], [], 'modules a worker found outside the packaged app');
});

const TRAINING_WORKER = join('dist', 'main', 'train', 'worker.js');

test('every worker starts from app.asar.unpacked (import, explanation, backend probe)', () => {
  const scripts = [...new Set(events.filter((e) => e.kind === 'worker').map((e) => e.path))];
  for (const name of ['import-worker.js', join('explain', 'worker.js'), 'probe-worker.js']) assert.ok(scripts.some((s) => s.endsWith(name)), `${name} was started`);
  const inArchive = scripts.filter((s) => insideArchive(s) !== null);
  assert.deepEqual(inArchive, [], 'workers started from inside app.asar: locate them with workerUrl() (main/util/worker-url.ts)');
});

test('workers start from app.asar.unpacked: the training pool', () => {
  const training = events.filter((e) => e.kind === 'worker' && e.path.endsWith(TRAINING_WORKER));
  assert.ok(training.length > 0, 'the training worker was started');
  assert.deepEqual(training.filter((e) => insideArchive(e.path) !== null).map((e) => e.path), []);
});
