/**
 * Packs what bench/gpu-check.sh needs from node_modules, for a GPU machine
 * that has no npm access: the runtime files of tfjs, its wasm and webgpu
 * backends and Dawn's linux-x64 dawn.node (not the browser bundles, types or
 * other platforms' binaries), into bench/results/gpu-pack/node_modules; with
 * --with-node also this Node binary, xz-compressed (node.xz). Prints the size,
 * which must stay within what the device runner carries (64 MiB).
 *
 *   node bench/gpu-pack.ts [--with-node]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'results', 'gpu-pack');
const modules = join(out, 'node_modules');

/**
 * What gpu-check.ts loads at run time (the require() calls of the tfjs node bundles, checked by
 * running it from the pack): tfjs' packages, each a self-contained `main` bundle; their small
 * helpers, copied whole; Dawn's index.js and this platform's dawn.node.
 */
const TFJS = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data', 'tfjs-backend-cpu', 'tfjs-backend-webgl',
  'tfjs-backend-wasm', 'tfjs-backend-webgpu'].map((p) => `@tensorflow/${p}`);
const WHOLE = ['long', 'seedrandom', 'node-fetch', 'whatwg-url', 'tr46', 'webidl-conversions'];
const EXTRA: Record<string, (dir: string) => string[]> = {
  '@tensorflow/tfjs-backend-wasm': (dir) => readdirSync(join(dir, 'dist')).filter((f) => f.endsWith('.wasm')).map((f) => `dist/${f}`),
  webgpu: () => ['index.js', `dist/${process.platform}-${process.arch}/dawn.node`],
};

/** Hoisted install: every package sits in the root node_modules. */
const packageDir = (name: string) => join(root, 'node_modules', name);

function copyFiles(name: string, files: string[]): void {
  for (const file of ['package.json', ...files]) {
    mkdirSync(dirname(join(modules, name, file)), { recursive: true });
    cpSync(join(packageDir(name), file), join(modules, name, file));
  }
}

function packAll(): number {
  for (const name of TFJS) {
    const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { main: string };
    copyFiles(name, [pkg.main, ...(EXTRA[name]?.(packageDir(name)) ?? [])]);
  }
  for (const name of WHOLE) cpSync(packageDir(name), join(modules, name), { recursive: true });
  copyFiles('webgpu', EXTRA.webgpu(packageDir('webgpu')));
  return TFJS.length + WHOLE.length + 1;
}

function size(path: string): number {
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, f) => sum + size(join(path, f)), 0) : s.size;
}

rmSync(out, { recursive: true, force: true });
const count = packAll();
if (process.argv.includes('--with-node')) {
  execFileSync('sh', ['-c', `xz -6 -T0 -c "${process.execPath}" > "${join(out, 'node.xz')}"`]);
}
const mib = (b: number) => (b / 2 ** 20).toFixed(1);
console.log(`${out}: ${count} packages, node_modules ${mib(size(modules))} MiB` +
  (existsSync(join(out, 'node.xz')) ? `, node.xz ${mib(size(join(out, 'node.xz')))} MiB` : '') + `; total ${mib(size(out))} MiB`);
