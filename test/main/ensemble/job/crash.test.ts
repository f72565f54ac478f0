/**
 * An ensemble job survives kill -9 like a study: the process dies while a
 * member trains; the next job-running process sweeps the ensemble to
 * 'interrupted', keeping the finished member; a resume trains only the rest.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../../../main/engine/engine.ts';
import { ensembleEnd } from '../engine-helpers.ts';

test('kill -9 mid-member: the ensemble is interrupted with its finished member kept, and resumes to completion', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mb-ensemble-crash-'));
  const child = spawn(process.execPath, [new URL('./fixtures/bag-slowly.ts', import.meta.url).pathname, home], { stdio: ['ignore', 'pipe', 'inherit'] });
  let ensembleId = '';
  const finished: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        const [kind, id, status] = line.split(' ');
        if (kind === 'ensemble') ensembleId = id!;
        if (kind === 'finished' && status === 'completed') finished.push(id!);
      }
      if (ensembleId && finished.length >= 1) resolve();
    });
    child.on('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));

  const engine = await createEngine({ home, workers: 2, backend: ['cpu'] });
  try {
    const swept = await engine.call('ensembles.get', { ensembleId });
    assert.equal(swept.status, 'interrupted');
    const kept = swept.members.filter((m) => m.runStatus === 'completed').map((m) => m.runId);
    assert.ok(finished.every((r) => kept.includes(r)), `finished ${finished.join(',')} kept ${kept.join(',')}`);
    assert.ok(swept.members.some((m) => m.runStatus === 'interrupted'), 'the member in flight is an interrupted run');

    const resumed = await ensembleEnd(engine, () => engine.call('ensembles.resume', { ensembleId }));
    assert.equal(resumed.status, 'completed', resumed.error ?? '');
    const members = resumed.members.filter((m) => m.role === 'member');
    assert.equal(members.length, 3);
    for (const r of finished) assert.ok(members.some((m) => m.runId === r), `member ${r} was reused, not retrained`);
    assert.ok(members.every((m) => m.runStatus === 'completed' && Math.abs(m.weight - 1 / 3) < 1e-12));
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
});
