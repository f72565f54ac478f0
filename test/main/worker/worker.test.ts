/**
 * Many `modelbench worker` processes on one PostgreSQL study with a command
 * objective: no trial number twice, nTrials over the whole study, and a worker
 * that dies (kill -9), freezes past its lease (SIGSTOP: a network cut or a
 * sleeping laptop as far as the others can tell) or loses its database
 * connection (pg_terminate_backend) costs at most its current trial, which
 * exactly one other worker re-runs. Nothing stays running. An app on the same
 * store sees it all live.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createPostgresStore } from '../../../db/postgres/index.ts';
import { INTERRUPTED_TRIAL_PREFIX } from '../../../db/store.ts';
import { createEngine } from '../../../main/engine/engine.ts';
import type { StudyEvent } from '../../../main/study/types.ts';
import { freshDatabase, pgServer, SKIP_REASON } from '../../db/postgres/cluster.ts';
import { createCommandStudy, startWorker } from './helpers.ts';

const server = await pgServer();
after(async () => server?.stop());
const skip = server ? false : SKIP_REASON;

async function setup(t: { after(fn: () => Promise<void> | void): void }, nTrials: number, ms: number) {
  const db = await freshDatabase(server!.url);
  const dir = mkdtempSync(join(tmpdir(), 'mb-shared-'));
  const log = join(dir, 'executions.log');
  const studyId = await createCommandStudy(db.url, { nTrials, ms, log });
  t.after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });
  return { url: db.url, studyId, log };
}

/** The study as stored, and how often each trial number was really executed. */
async function outcome(url: string, studyId: string, log: string) {
  const store = await createPostgresStore(url);
  try {
    const trials = (await store.trials.list(studyId, { offset: 0, limit: 1000, sort: 'number', order: 'asc', objective: 0 })).items;
    return { trials, counts: await store.trials.counts(studyId), study: (await store.studies.get(studyId))!, runs: executions(log) };
  } finally {
    await store.close();
  }
}

test('three workers, one killed with -9 mid-trial: every trial completes once, the killed one is re-run once, nothing stays running', { skip, timeout: 240_000 }, async (t) => {
  const { url, studyId, log } = await setup(t, 12, 600);
  const workers = [0, 1, 2].map(() => startWorker(url, ['--study', studyId]));
  const victim = workers[0];
  const started = await victim.waitFor(/trial (\d+) started/);
  const killedTrial = Number(started[1]);
  // Mid-trial: its program is running (it has logged its start) when the worker dies.
  await waitUntil(async () => (executions(log).has(killedTrial) ? true : undefined), 60_000);
  victim.child.kill('SIGKILL');
  const exits = await Promise.all(workers.map((w) => w.exited));
  assert.equal(exits[0].signal, 'SIGKILL');
  for (const [i, e] of exits.slice(1).entries()) assert.equal(e.code, 0, workers[i + 1].lines.join('\n'));

  const { trials, counts, study, runs } = await outcome(url, studyId, log);
  assert.equal(study.status, 'finished');
  assert.equal(counts.running, 0, 'nothing stays running');
  assert.equal(counts.complete, 12, 'nTrials complete trials over the whole study');
  const killed = trials.find((t) => t.number === killedTrial)!;
  assert.equal(killed.state, 'failed');
  assert.ok(killed.error?.startsWith(INTERRUPTED_TRIAL_PREFIX), killed.error ?? '');
  const reruns = trials.filter((t) => t.retryOf === killedTrial);
  assert.equal(reruns.length, 1, 'exactly one worker re-ran it');
  assert.equal(reruns[0].state, 'complete');
  assert.deepEqual(reruns[0].params, killed.params);
  assert.equal(trials.length, 13);
  // Every trial number ran exactly once (the killed trial's program ran once too, under its own number).
  for (const t of trials) assert.equal(runs.get(t.number), 1, `trial ${t.number} ran ${runs.get(t.number)} times`);
  assert.deepEqual(trials.map((t) => t.number), Array.from({ length: 13 }, (_, i) => i));
});

test('a frozen worker (SIGSTOP) loses its trial when its lease expires; another re-runs it; when it wakes its late result is refused', { skip, timeout: 240_000 }, async (t) => {
  const { url, studyId, log } = await setup(t, 6, 1500);
  // b alone has a short lease: the one the test lets expire.
  const [a, b] = [startWorker(url, ['--study', studyId]), startWorker(url, ['--study', studyId], 3000)];
  const started = await b.waitFor(/trial (\d+) started/);
  const frozenTrial = Number(started[1]);
  await waitUntil(async () => (executions(log).has(frozenTrial) ? true : undefined), 60_000);
  b.child.kill('SIGSTOP');
  // The lease is 3 s: worker a sweeps it and re-runs the trial.
  await a.waitFor(new RegExp(`trial (\\d+) started.*`), 60_000);
  const rerun = await waitUntil(async () => (await outcome(url, studyId, log)).trials.find((x) => x.retryOf === frozenTrial), 60_000);
  assert.ok(rerun, 'the frozen trial was re-run');
  b.child.kill('SIGCONT');
  const [ea, eb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ea.code, 0, a.lines.join('\n'));
  assert.equal(eb.code, 0, b.lines.join('\n'));
  const { trials, counts } = await outcome(url, studyId, log);
  assert.equal(counts.running, 0);
  assert.equal(counts.complete, 6);
  const frozen = trials.find((x) => x.number === frozenTrial)!;
  assert.equal(frozen.state, 'failed', 'the sweep\'s verdict stands: the late finish was refused');
  assert.equal(trials.filter((x) => x.retryOf === frozenTrial).length, 1);
});

test('dropped database connections (pg_terminate_backend) mid-study: workers reconnect and carry on', { skip, timeout: 240_000 }, async (t) => {
  const { url, studyId, log } = await setup(t, 10, 300);
  const workers = [startWorker(url, ['--study', studyId, '--workers', '2']), startWorker(url, ['--study', studyId])];
  await workers[0].waitFor(/trial \d+ complete/);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  let terminated = 0;
  for (let i = 0; i < 3; i++) {
    const r = await admin.query('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    terminated += r.rows.filter((x) => x.ok).length;
    await new Promise((res) => setTimeout(res, 700));
  }
  await admin.end();
  assert.ok(terminated >= 2, `terminated ${terminated} connections`);
  const exits = await Promise.all(workers.map((w) => w.exited));
  for (const [i, e] of exits.entries()) assert.equal(e.code, 0, workers[i].lines.join('\n'));
  const { counts, trials, runs } = await outcome(url, studyId, log);
  assert.equal(counts.running, 0);
  assert.equal(counts.complete, 10);
  assert.equal(counts.failed, 0, JSON.stringify(trials.filter((x) => x.state === 'failed')));
  for (const x of trials) assert.equal(runs.get(x.number), 1);
});

/** How often each trial number's program started (each run logs "<trial> <pid>"). */
function executions(log: string): Map<number, number> {
  const runs = new Map<number, number>();
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return runs;
  }
  for (const line of text.trim().split('\n').filter(Boolean)) {
    const n = Number(line.split(' ')[0]);
    runs.set(n, (runs.get(n) ?? 0) + 1);
  }
  return runs;
}

async function waitUntil<T>(fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T | undefined> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('an app on the same store watches a study that workers run: live events, and a timeline that names each machine', { skip, timeout: 240_000 }, async (t) => {
  // Trials of a second each: the app looks once a second, so most of them start and end after its first look.
  const { url, studyId } = await setup(t, 6, 1000);
  const home = mkdtempSync(join(tmpdir(), 'mb-app-'));
  const app = await createEngine({ home, storage: url, workers: 1, label: 'app' });
  t.after(async () => {
    await app.close();
    rmSync(home, { recursive: true, force: true });
  });
  const events: StudyEvent[] = [];
  app.subscribe((name, e) => name === 'study.event' && events.push(e as StudyEvent));
  const workers = [startWorker(url, ['--study', studyId]), startWorker(url, ['--study', studyId])];
  await Promise.all(workers.map((w) => w.exited));
  await waitUntil(async () => (events.some((e) => e.type === 'study-finished') ? true : undefined), 30_000);
  const numbers = (type: StudyEvent['type']) => new Set(events.filter((e) => e.type === type).map((e) => (e as { number: number }).number));
  const started = numbers('trial-started');
  const completed = numbers('trial-completed');
  assert.ok(completed.size >= 2, `trials that ended after the app's first look were announced: ${JSON.stringify(events)}`);
  for (const n of started) assert.ok(completed.has(n), `trial ${n} was announced started and then complete`);
  const finished = events.find((e) => e.type === 'study-finished') as Extract<StudyEvent, { type: 'study-finished' }>;
  assert.equal(finished.counts.complete, 6);
  const history = await app.call('studies.history', { studyId });
  const pids = new Set(workers.map((w) => `${hostname()}/${w.child.pid}`));
  assert.equal(history.timeline.length, 6);
  assert.ok(history.timeline.every((x) => x.machine && pids.has(x.machine)), JSON.stringify(history.timeline));
});

test('--all picks up a study created after the worker started, finishes it, and Ctrl-C ends the worker cleanly', { skip, timeout: 240_000 }, async (t) => {
  const db = await freshDatabase(server!.url);
  const dir = mkdtempSync(join(tmpdir(), 'mb-all-'));
  t.after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });
  const worker = startWorker(db.url, ['--all']);
  await worker.waitFor(/worker on postgresql/);
  const studyId = await createCommandStudy(db.url, { nTrials: 3, ms: 100, log: join(dir, 'log') });
  await worker.waitFor(new RegExp(`study ${studyId} finished: 3 complete`));
  worker.child.kill('SIGINT');
  const exit = await worker.exited;
  assert.equal(exit.code, 0, worker.lines.join('\n'));
  assert.ok(worker.lines.some((l) => /stopping: no new trials/.test(l)));
  const { counts, study } = await outcome(db.url, studyId, join(dir, 'log'));
  assert.equal(study.status, 'finished');
  assert.equal(counts.complete, 3);
});

test('a training study: a worker on another data folder trains on the dataset from the database, and the app exports its model', { skip, timeout: 300_000 }, async (t) => {
  const db = await freshDatabase(server!.url);
  const home = mkdtempSync(join(tmpdir(), 'mb-train-app-'));
  const app = await createEngine({ home, storage: db.url, workers: 1, label: 'app' });
  t.after(async () => {
    await app.close();
    rmSync(home, { recursive: true, force: true });
    await db.drop();
  });
  const iris = await app.call('datasets.importSample', { sample: 'iris' });
  const study = await app.call('studies.create', { config: {
    name: 'iris shared', datasetId: iris.id, base: { spec: { name: 'mlp', layers: [{ kind: 'dense', units: 8 }] }, hyperparams: { epochs: 2, batchSize: 32 } },
    space: { params: { 'hyperparams.optimizer.learningRate': { kind: 'float', low: 0.001, high: 0.1, log: true } } },
    objectives: [{ metric: 'val_accuracy' }], nTrials: 2, seed: 3,
  } as never });
  // The worker's data folder is its own (removed when it exits): the dataset reaches it through the database only.
  const worker = startWorker(db.url, ['--study', study.id]);
  const exit = await worker.exited;
  assert.equal(exit.code, 0, worker.lines.join('\n'));
  const detail = await app.call('studies.get', { studyId: study.id });
  assert.equal(detail.study.counts.complete, 2, worker.lines.join('\n'));
  const exported = await app.call('studies.exportBest', { studyId: study.id });
  assert.ok(exported.files.some((f) => f.endsWith('/model.json')), JSON.stringify(exported));
  assert.ok(existsSync(join(home, 'cache', 'runs', exported.runId, 'model.json')), 'the model came from the database');
});
