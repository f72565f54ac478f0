/**
 * Jobs belong to their process: the pure rule for "gone", the lease's life, and
 * real processes sharing one data folder — two trainers both complete, and a
 * read-only reader and a third job-running process change nothing of theirs.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import type { Owner } from '../../../db/store.ts';
import { createEngine } from '../../../main/engine/engine.ts';
import { isGone, liveOwnerIds, OwnerLease, pidAlive } from '../../../main/run/ownership.ts';

const owner = (over: Partial<Owner> = {}): Owner => ({ id: 'o', pid: 1234, host: 'here', label: '', startedMs: 0, heartbeatMs: 10_000, leaseMs: 60_000, ...over });
const live = (over: { host?: string; nowMs?: number; alive?: boolean } = {}) => ({ host: over.host ?? 'here', nowMs: over.nowMs ?? 20_000, pidAlive: () => over.alive ?? true });

describe('isGone', () => {
  test('a dead pid on this host is gone at once; a live one is not', () => {
    assert.equal(isGone(owner(), live({ alive: false })), true);
    assert.equal(isGone(owner(), live({ alive: true })), false);
  });
  test('another host is judged by its lease alone (its pids mean nothing here)', () => {
    assert.equal(isGone(owner({ host: 'there' }), live({ alive: false })), false);
    assert.equal(isGone(owner({ host: 'there' }), live({ nowMs: 10_000 + 60_001 })), true);
  });
  test('an expired lease is gone even with a live pid (a hung or re-used pid)', () => {
    assert.equal(isGone(owner(), live({ nowMs: 10_000 + 60_000 })), false);
    assert.equal(isGone(owner(), live({ nowMs: 10_000 + 60_001 })), true);
  });
  test('pidAlive sees this process and not a pid that cannot exist', () => {
    assert.equal(pidAlive(process.pid), true);
    assert.equal(pidAlive(2 ** 22 + 12345), false);
  });
});

describe('OwnerLease', () => {
  test('registers, sweeps what dead owners left, and releases on stop', async () => {
    const home = mkdtempSync(join(tmpdir(), 'mb-lease-'));
    const store = createSqliteStore(join(home, 'modelbench.db'));
    try {
      await store.owners.register(owner({ id: 'dead', host: 'elsewhere', heartbeatMs: 0, leaseMs: 1 }));
      const lease = await OwnerLease.start(store, 'test');
      const ids = (await store.owners.list()).map((o) => o.id);
      assert.deepEqual(ids, [lease.id], 'the expired owner was swept, this one registered');
      assert.ok((await liveOwnerIds(store)).has(lease.id));
      await lease.stop();
      assert.deepEqual(await store.owners.list(), []);
    } finally {
      await store.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

/** Starts the child and resolves with its run id once it has one; `ended` resolves with its 'done' line. */
function trainer(home: string, seed: number, epochs: number): { child: ChildProcess; runId: Promise<string>; ended: Promise<string> } {
  const child = spawn(process.execPath, [new URL('./fixtures/train-once.ts', import.meta.url).pathname, home, String(seed), String(epochs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const runId = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^run (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting a run: ${err}`)));
  });
  const ended = new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => {
      const m = /^done (.*)$/m.exec(out);
      if (code === 0 && m) resolve(m[1]!.trim());
      else reject(new Error(`child exited with ${code}; stdout: ${out}; stderr: ${err}`));
    });
  });
  return { child, runId, ended };
}

describe('processes sharing one data folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-shared-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  test('two trainers both complete; a read-only reader and a third engine meanwhile change nothing', async () => {
    // The dataset first, so the two children do not race to import it.
    const setup = await createEngine({ home, workers: 1, backend: ['cpu'] });
    await setup.call('datasets.importSample', { sample: 'iris' });
    await setup.close();

    const a = trainer(home, 1, 300);
    const b = trainer(home, 2, 300);
    const ids = await Promise.all([a.runId, b.runId]);

    // A read-only process (what `modelbench runs` opens) sees them running and writes nothing.
    const reader = await createEngine({ home, workers: 1, backend: ['cpu'], readOnly: true });
    const raw = createSqliteStore(join(home, 'modelbench.db'));
    try {
      const before = await raw.owners.list();
      for (const id of ids) {
        const status = (await reader.call('runs.get', { runId: id })).status;
        assert.ok(status === 'running' || status === 'queued', `${id} is ${status} while its process trains`);
      }
      await reader.call('runs.list', {});
      await assert.rejects(reader.call('runs.start', { datasetId: 'iris', spec: { layers: [] }, hyperparams: {} }), /read-only/);
      assert.deepEqual(await raw.owners.list(), before, 'the reader registered no owner');
    } finally {
      await reader.close();
    }

    // A third job-running process (the app, `serve`) starts on the same folder: its sweep spares live owners' runs.
    const third = await createEngine({ home, workers: 1, backend: ['cpu'], label: 'third' });
    try {
      for (const id of ids) assert.notEqual((await raw.runs.get(id))?.status, 'interrupted', `${id} was not interrupted by the third process`);
    } finally {
      await third.close();
    }

    assert.deepEqual(await Promise.all([a.ended, b.ended]), ['completed', 'completed']);
    for (const id of ids) {
      const run = (await raw.runs.get(id))!;
      assert.equal(run.status, 'completed');
      assert.equal(run.epochsDone, 300);
    }
    assert.deepEqual(await raw.owners.list(), [], 'every process released its owner row');
    await raw.close();
  });
});
