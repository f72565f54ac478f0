/**
 * A crash loses nothing that was reported: a writer process that owns a run is
 * SIGKILLed while it appends metric batches; on reopen every batch it reported
 * committed is there, no batch is half-written, the file is sound, and the
 * sweep (main/run/ownership.ts) finds the owner's pid dead and marks the run
 * interrupted — while a read-only look before the sweep changes nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { INTERRUPTED_MESSAGE } from '../../../db/store.ts';
import { sweepOrphans } from '../../../main/run/ownership.ts';
import { tempDir } from '../helpers.ts';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));
const PER_BATCH = 500;
const KILL_AFTER = 5;

/** Runs the writer until it has reported KILL_AFTER batches, SIGKILLs it, returns the batches it reported. */
function runAndKill(file: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, file, String(PER_BATCH)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: number[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`writer did not report ${KILL_AFTER} batches in time; stderr:\n${stderr}`));
    }, 30_000);
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      buffered += d;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed.push(Number(m[1]));
      }
      if (!killed && committed.length >= KILL_AFTER) {
        killed = true;
        child.kill('SIGKILL'); // no chance to close the database or finish a transaction
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL' && killed) resolve(committed);
      else reject(new Error(`writer exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
}

const tmp = tempDir();
after(() => tmp.cleanup());

test('SIGKILL mid-write keeps every reported batch and leaves a sound file', async () => {
  const file = join(tmp.dir, 'modelbench.db');
  const reported = await runAndKill(file);
  // The pipe may still have held lines when the kill landed; all of them were committed.
  assert.ok(reported.length >= KILL_AFTER);

  const store = createSqliteStore(file);
  try {
    assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal((await store.runs.get('crash-run'))!.status, 'running', 'reading changes nothing');
    assert.deepEqual(await sweepOrphans(store), { runs: 1, studies: 0, experiments: 0, ensembles: 0, explanations: 0, trials: 0 });
    const run = (await store.runs.get('crash-run'))!;
    assert.equal(run.status, 'interrupted');
    assert.equal(run.error, INTERRUPTED_MESSAGE);
    assert.ok(run.finishedAt);
    assert.ok(run.epochsDone >= reported.length);

    const perBatch = new Map<number, number>();
    for (const p of await store.metrics.get('crash-run')) {
      const batch = Math.floor(p.epoch / 1000);
      perBatch.set(batch, (perBatch.get(batch) ?? 0) + 1);
    }
    for (const b of reported) assert.equal(perBatch.get(b), PER_BATCH, `reported batch ${b} is complete`);
    // Batches after the last report may or may not have committed, but never in part.
    for (const [b, n] of perBatch) assert.equal(n, PER_BATCH, `batch ${b} is whole`);
    console.log(`reported ${reported.length} batches, found ${perBatch.size} on disk`);
    assert.deepEqual(await sweepOrphans(store), { runs: 0, studies: 0, experiments: 0, ensembles: 0, explanations: 0, trials: 0 });
  } finally {
    await store.close();
  }
});
