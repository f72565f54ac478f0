/**
 * Studies across workers: what coordination costs, and what parallel workers
 * do to sample efficiency.
 *
 *   node bench/scale.ts [coordination] [store] [efficiency] [--per-worker 40] [--workers 1,2,4,8] [--seeds 8] [--trials 60]
 *
 * Coordination: a command study whose objective sleeps 20 ms (`sh -c 'sleep 0.02; …'`)
 * run by 1, 2, 4 and 8 `modelbench worker` processes against one PostgreSQL
 * (a throwaway cluster, or MODELBENCH_TEST_PG_URL). "Ideal" is honest about
 * this 2-core machine: N workers can at best run N objectives at once, each
 * taking what the same command takes when spawned alone, one after another,
 * here (spawn + 20 ms sleep, measured in this run). Trials/s comes from the
 * trials' stored start and finish times (worker start-up excluded). Then the
 * store's own time per trial, measured in-process: claimNext + finish, and
 * the history read every claim makes, at 1,000 and 10,000 trials.
 *
 * Efficiency: the tuner's four test functions, 1 worker vs 4 asynchronous
 * workers (with and without the constant liar / pending points), median regret
 * after the same number of trials.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPostgresStore } from '../db/postgres/index.ts';
import { createEngine } from '../main/engine/engine.ts';
import { GpSampler } from '../main/tuner/samplers/gp/sampler.ts';
import { TpeSampler } from '../main/tuner/samplers/tpe/sampler.ts';
import { median } from '../main/util/stats.ts';
import { freshDatabase, pgServer } from '../test/db/postgres/cluster.ts';
import { runParallelStudy } from './scale/parallel-study.ts';
import { FUNCTIONS } from './tuner/functions.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const parts = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^[\d,]+$/.test(a));
const want = (p: string) => parts.length === 0 || parts.includes(p);
const root = new URL('..', import.meta.url).pathname;
const OBJECTIVE = 'sleep 0.02; echo "$MB_PARAM_X"';

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** CPU seconds used so far by this process and its waited-for children (/proc/self/stat utime, stime, cutime, cstime). */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
}

/**
 * What one objective costs alone, run `n` times one after another from this
 * process (which has the engine loaded, as a worker has): wall seconds (spawn +
 * 20 ms) and CPU seconds (spawning and the shell). A machine with `cores` cores
 * cannot run more than cores / cpu objectives a second, however many workers.
 */
async function objectiveCost(n = 40): Promise<{ wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = cpuSeconds();
  for (let i = 0; i < n; i++) await run('sh', ['-c', OBJECTIVE], { MB_PARAM_X: '1' });
  return { wall: (performance.now() - t0) / 1000 / n, cpu: (cpuSeconds() - c0) / n };
}

async function coordination(serverUrl: string): Promise<void> {
  const perWorker = Number(arg('per-worker', '40'));
  const counts = arg('workers', '1,2,4,8').split(',').map(Number);
  const cost = await objectiveCost();
  const tCmd = cost.wall;
  const cores = availableParallelism();
  console.log(`\n# coordination: objective alone = ${(tCmd * 1000).toFixed(1)} ms wall (spawn + 20 ms sleep), ${(cost.cpu * 1000).toFixed(1)} ms CPU; ${cores} cores; ${perWorker} trials per worker, random sampler`);
  console.log('ideal = min(workers / wall, cores / CPU): the objectives alone, perfectly parallel, on this machine');
  console.log('workers  trials  trials/s  ideal/s  % of ideal  slot time per trial (ms)  coordination per trial (ms)');
  for (const n of counts) {
    const db = await freshDatabase(serverUrl, 'mb_bench');
    const home = mkdtempSync(join(tmpdir(), 'mb-scale-'));
    try {
      const engine = await createEngine({ home, storage: db.url, workers: 1, readOnly: true });
      const nTrials = perWorker * n;
      const study = await engine.call('studies.create', { config: {
        name: `scale ${n}`, space: { params: { x: { kind: 'float', low: -3, high: 3 } } }, sampler: { kind: 'random' },
        objectives: [{ kind: 'command', direction: 'minimize' }], command: { shell: OBJECTIVE }, nTrials, seed: 1,
      } as never });
      await engine.close();
      const codes = await Promise.all(Array.from({ length: n }, () =>
        run(process.execPath, ['main/cli/main.ts', 'worker', '--storage', db.url, '--home', home, '--study', study.id, '--poll-ms', '50', '--json'], { MODELBENCH_BACKEND: 'cpu' })));
      if (codes.some((c) => c !== 0)) throw new Error(`a worker exited with ${codes.join(', ')}`);
      const store = await createPostgresStore(db.url);
      const trials = (await store.trials.list(study.id, { offset: 0, limit: nTrials + 10, sort: 'number', order: 'asc', objective: 0 })).items;
      await store.close();
      const complete = trials.filter((t) => t.state === 'complete');
      const start = Math.min(...trials.map((t) => Date.parse(t.startedAt!)));
      const end = Math.max(...trials.map((t) => Date.parse(t.finishedAt!)));
      const wall = (end - start) / 1000;
      const rate = complete.length / wall;
      const ideal = Math.min(n / tCmd, cores / cost.cpu);
      const slot = (n * wall) / complete.length;
      console.log(`${String(n).padStart(7)}  ${String(complete.length).padStart(6)}  ${rate.toFixed(1).padStart(8)}  ${ideal.toFixed(1).padStart(7)}  ${((100 * rate) / ideal).toFixed(1).padStart(9)}%  ${(slot * 1000).toFixed(1).padStart(24)}  ${((slot - tCmd) * 1000).toFixed(1).padStart(27)}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
      await db.drop();
    }
  }
}

/** The store's own cost per trial, in-process, one connection: a claim, a finish, and the history read each claim makes. */
async function storeCost(serverUrl: string): Promise<void> {
  const db = await freshDatabase(serverUrl, 'mb_bench');
  const store = await createPostgresStore(db.url);
  try {
    await store.studies.insert({
      id: 's', name: 's', datasetId: null, status: 'running', directions: ['minimize'], objectives: [], sampler: {}, pruner: {}, space: {},
      config: {}, seed: 1, ownerId: null, createdAt: new Date().toISOString(), finishedAt: null,
    });
    console.log('\n# store time per trial (PostgreSQL, one connection, this machine)');
    console.log('trials so far  claimNext (ms)  finish (ms)  whole history read (ms)  a claim\'s read: 4 trials in flight (ms)');
    let done = 0;
    for (const upTo of [1000, 10000]) {
      let claim = 0;
      let finish = 0;
      const timed = 200;
      while (done < upTo) {
        const t0 = performance.now();
        const c = await store.trials.claimNext('s', { params: { x: done / upTo }, worker: 0, retryOf: null, startedAt: new Date().toISOString(), ownerId: 'bench' }, 1e9);
        const t1 = performance.now();
        await store.trials.finish('s', c!.number, { state: 'complete', values: [done], error: null, finishedAt: new Date().toISOString(), durationMs: 1 });
        const t2 = performance.now();
        if (upTo - done <= timed) {
          claim += t1 - t0;
          finish += t2 - t1;
        }
        done++;
      }
      const timeRead = async (from: number) => {
        const reads: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          await store.trials.frozen('s', from);
          reads.push(performance.now() - t0);
        }
        return median(reads);
      };
      const whole = await timeRead(0);
      const inFlight = await timeRead(upTo - 4);
      console.log(`${String(upTo).padStart(13)}  ${(claim / timed).toFixed(2).padStart(14)}  ${(finish / timed).toFixed(2).padStart(11)}  ${whole.toFixed(1).padStart(23)}  ${inFlight.toFixed(2).padStart(38)}`);
    }
  } finally {
    await store.close();
    await db.drop();
  }
}

function efficiency(): void {
  const seeds = Number(arg('seeds', '8'));
  const trials = Number(arg('trials', '60'));
  console.log(`\n# sample efficiency: median regret after ${trials} trials over ${seeds} seeds (asynchronous workers, seeded trial durations)`);
  console.log('function      sampler  1 worker   4 workers  4, no liar   closest pending (4 / 4 no liar)');
  for (const f of FUNCTIONS) {
    for (const [name, make] of [['tpe', (liar: boolean) => new TpeSampler({ constantLiar: liar })], ['gp', (liar: boolean) => new GpSampler({ pendingPoints: liar })]] as const) {
      const r1 = [], r4 = [], r4n = [], d4 = [], d4n = [];
      for (let s = 0; s < seeds; s++) {
        r1.push(runParallelStudy(f, make(true), s, trials, 1).regret);
        const a = runParallelStudy(f, make(true), s, trials, 4);
        const b = runParallelStudy(f, make(false), s, trials, 4);
        r4.push(a.regret);
        r4n.push(b.regret);
        d4.push(a.closestPending);
        d4n.push(b.closestPending);
      }
      const g = (v: number[]) => median(v).toPrecision(3).padStart(9);
      console.log(`${f.name.padEnd(12)}  ${name.padEnd(7)}  ${g(r1)}  ${g(r4)}  ${g(r4n)}    ${median(d4).toFixed(3)} / ${median(d4n).toFixed(3)}`);
    }
  }
}

console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${new Date().toISOString()}`);
if (want('coordination') || want('store')) {
  const server = await pgServer();
  if (!server) console.log('coordination: skipped (no PostgreSQL: set MODELBENCH_TEST_PG_URL or install postgresql)');
  else {
    try {
      if (want('coordination')) await coordination(server.url);
      if (want('store')) await storeCost(server.url);
    } finally {
      await server.stop();
    }
  }
}
if (want('efficiency')) efficiency();
