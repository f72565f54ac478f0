/**
 * Where a `modelbench worker`'s time goes per trial, with 2 and 4 workers on
 * one PostgreSQL study of 20 ms command trials (bench/scale.ts's coordination
 * setting). One worker runs under --cpu-prof; its main thread's samples are
 * sorted into what they were doing (spawning the objective, the pg client,
 * the sampler and study state, GC, other JavaScript, idle). Alongside, the CPU
 * all workers and their objectives used (the bench's reaped children) and what
 * the study's PostgreSQL backends used (their /proc entries, sampled while
 * they live), each per trial; the rest of the wall time is waiting: for the
 * objective's 20 ms, for the database's answers and for a core.
 *
 *   node bench/scale-profile.ts [--workers 2,4] [--per-worker 60] [--keep DIR]
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../db/postgres/index.ts';
import { createEngine } from '../main/engine/engine.ts';
import { freshDatabase, pgServer } from '../test/db/postgres/cluster.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const root = new URL('..', import.meta.url).pathname;
const OBJECTIVE = 'sleep 0.02; echo "$MB_PARAM_X"';
const TICK = 100; // clock ticks per second in /proc

/** CPU seconds of this process and its reaped descendants (workers, and through them their objectives). */
function childCpu(): number {
  const f = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(f[13]) + Number(f[14])) / TICK;
}

/** CPU seconds so far of each live PostgreSQL backend serving `database` (its title names the database). */
function backendCpu(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.startsWith('postgres:') || !cmd.includes(` ${database} `)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) / TICK);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[]; samples: number[]; timeDeltas: number[] };

const CATEGORIES = ['spawn', 'pg client', 'study state + sampler', 'GC', 'other JS + native', 'idle'] as const;
type Category = (typeof CATEGORIES)[number];

/**
 * The main thread's seconds by what it was doing, from its first spawn on (before it: start-up, loading the
 * engine). Each sample goes to the first category its stack matches, leaf to root.
 */
function categorise(profile: Profile): Record<Category, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const memo = new Map<number, Category>();
  const classify = (id: number): Category => {
    const hit = memo.get(id);
    if (hit) return hit;
    const leaf = byId.get(id)!.callFrame;
    let category: Category = 'other JS + native';
    if (leaf.functionName === '(idle)') category = 'idle';
    else if (leaf.functionName === '(garbage collector)') category = 'GC';
    else {
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const { functionName, url } = byId.get(n)!.callFrame;
        if (/child_process|ChildProcess/.test(url) || functionName === 'spawn') { category = 'spawn'; break; }
        if (/node_modules\/pg(-protocol|-pool)?\//.test(url)) { category = 'pg client'; break; }
        if (/main\/(tuner|study)\//.test(url)) { category = 'study state + sampler'; break; }
      }
    }
    memo.set(id, category);
    return category;
  };
  const out = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  // The first sample inside child_process.spawn: trials have begun (importing node:child_process earlier is start-up).
  const spawning = (id: number): boolean => {
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = byId.get(n)!.callFrame;
      if (f.functionName === 'spawn' && f.url.includes('child_process')) return true;
    }
    return false;
  };
  const first = profile.samples.findIndex(spawning);
  profile.samples.forEach((id, i) => {
    if (i >= first) out[classify(id)] += (profile.timeDeltas[i] ?? 0) / 1e6;
  });
  return out;
}

function run(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', process.env.MB_BENCH_VERBOSE ? 'inherit' : 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** --keep DIR: the profile is copied there (workers-N.cpuprofile) to open in Chrome's DevTools. */
function keep(file: string, workers: number): string {
  const dir = arg('keep', '');
  if (dir) copyFileSync(file, join(dir, `workers-${workers}.cpuprofile`));
  return file;
}

type Measured = { complete: number; wall: number; cpuWorkers: number; pgCpu: number; spent: Record<Category, number> | null };

/**
 * One study run by `workers` workers, the first one profiled when `profile`. `startupOnly`: the study is finished
 * before they start, so each loads the engine, connects, looks and exits (with 1: nothing to run): start-up alone.
 */
async function measure(serverUrl: string, workers: number, perWorker: number, profile: boolean, startupOnly = false): Promise<Measured> {
  const db = await freshDatabase(serverUrl, 'mb_prof');
  const database = new URL(db.url).pathname.slice(1);
  const home = mkdtempSync(join(tmpdir(), 'mb-scale-prof-'));
  const profDir = join(home, 'prof');
  try {
    const engine = await createEngine({ home, storage: db.url, workers: 1, readOnly: true });
    const nTrials = perWorker * workers;
    const study = await engine.call('studies.create', { config: {
      name: `profile ${workers}`, space: { params: { x: { kind: 'float', low: -3, high: 3 } } }, sampler: { kind: 'random' },
      objectives: [{ kind: 'command', direction: 'minimize' }], command: { shell: OBJECTIVE }, nTrials, seed: 1,
    } as never });
    await engine.close();
    if (startupOnly) {
      const store = await createPostgresStore(db.url);
      await store.studies.update(study.id, { status: 'finished', finishedAt: new Date().toISOString() });
      await store.close();
    }

    const backends = new Map<number, number>();
    const watch = setInterval(() => { for (const [pid, cpu] of backendCpu(database)) backends.set(pid, Math.max(backends.get(pid) ?? 0, cpu)); }, 100);
    const cpu0 = childCpu();
    const codes = await Promise.all(Array.from({ length: workers }, (_, i) =>
      run([...(profile && i === 0 ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-interval', '500'] : []), 'main/cli/main.ts', 'worker',
        '--storage', db.url, '--home', home, '--study', study.id, '--poll-ms', '50', '--json'], { MODELBENCH_BACKEND: 'cpu' })));
    clearInterval(watch);
    for (const [pid, cpu] of backendCpu(database)) backends.set(pid, Math.max(backends.get(pid) ?? 0, cpu));
    const cpuWorkers = childCpu() - cpu0;
    if (codes.some((c) => c !== (startupOnly ? 1 : 0))) throw new Error(`a worker exited with ${codes.join(', ')}`);

    const store = await createPostgresStore(db.url);
    const trials = (await store.trials.list(study.id, { offset: 0, limit: nTrials + 10, sort: 'number', order: 'asc', objective: 0 })).items;
    await store.close();
    const start = Math.min(...trials.map((t) => Date.parse(t.startedAt!)));
    const end = Math.max(...trials.map((t) => Date.parse(t.finishedAt!)));
    return {
      complete: trials.filter((t) => t.state === 'complete').length, wall: trials.length ? (end - start) / 1000 : 0, cpuWorkers,
      pgCpu: [...backends.values()].reduce((a, b) => a + b, 0),
      spent: profile ? categorise(JSON.parse(readFileSync(keep(join(profDir, readdirSync(profDir)[0]), workers), 'utf8')) as Profile) : null,
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
    await db.drop();
  }
}

async function report(serverUrl: string, workers: number, perWorker: number): Promise<void> {
  // Start-up (loading the engine, connecting, migrating) is measured on its own and taken out of the CPU figures.
  const idle = await measure(serverUrl, workers, 1, false, true);
  const m = await measure(serverUrl, workers, perWorker, true);
  const trials = m.complete - idle.complete;
  const ms = (s: number, n: number) => ((1000 * s) / n).toFixed(2);
  const spent = m.spent!;
  const mine = m.complete / workers;
  const busy = CATEGORIES.filter((c) => c !== 'idle').reduce((a, c) => a + spent[c], 0);
  console.log(`\n## ${workers} workers: ${m.complete} trials in ${m.wall.toFixed(1)} s, ${(m.complete / m.wall).toFixed(1)} trials/s; slot time ${ms(m.wall * workers, m.complete)} ms per trial`);
  console.log(`CPU per trial (start-up taken out): workers and their objectives ${ms(m.cpuWorkers - idle.cpuWorkers, trials)} ms, PostgreSQL backends ${ms(m.pgCpu - idle.pgCpu, trials)} ms`);
  console.log(`the profiled worker's main thread from its first spawn, ms per trial it ran (~${mine.toFixed(0)}):`);
  for (const c of CATEGORIES) console.log(`  ${c.padEnd(22)} ${ms(spent[c], mine).padStart(7)}`);
  console.log(`  ${'busy (not idle)'.padEnd(22)} ${ms(busy, mine).padStart(7)}`);
}

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${availableParallelism()} cores, ${new Date().toISOString()}`);
const server = await pgServer();
if (!server) console.log('skipped: no PostgreSQL (set MODELBENCH_TEST_PG_URL or install postgresql)');
else {
  try {
    for (const n of arg('workers', '2,4').split(',').map(Number)) await report(server.url, n, Number(arg('per-worker', '60')));
  } finally {
    await server.stop();
  }
}
