/**
 * The ensemble's worker thread seen from the job: a member the job could not
 * train fails the build with that very error (its class kept, so a cancel
 * stays a cancel), an ApiError thrown inside the thread keeps its code, and
 * stop() ends a build that is waiting for a member at once. The happy paths
 * (every method, resume, export) run through the engine tests.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../../../main/api/errors.ts';
import { loadSample } from '../../../../main/data/samples.ts';
import { splitIndices } from '../../../../main/data/split.ts';
import { saveDatasetFiles } from '../../../../main/data/store.ts';
import type { MemberTraining } from '../../../../main/ensemble/index.ts';
import { MemberStopped } from '../../../../main/ensemble/job/members.ts';
import { startEnsembleThread, type EnsembleThreadHooks } from '../../../../main/ensemble/thread/client.ts';
import type { EnsembleWorkerData } from '../../../../main/ensemble/thread/protocol.ts';

let dir: string;
let data: Omit<EnsembleWorkerData, 'method' | 'options'>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mb-ensemble-thread-'));
  const iris = loadSample('iris');
  saveDatasetFiles(dir, iris);
  data = {
    backend: ['cpu'], task: 'classification', outputs: 3, classNames: iris.classes, inputShape: iris.inputShape, datasetDir: dir,
    split: splitIndices(iris.y, 'classification', { validation: 0.2, test: 0.2, stratify: true }, 1), candidates: [], seed: 1,
  };
});
after(() => rmSync(dir, { recursive: true, force: true }));

const hooks = (trainMember: EnsembleThreadHooks['trainMember']): EnsembleThreadHooks => ({ trainMember, progress: () => {} });

test('a member the job could not train fails the build with that error, class and all', async () => {
  const stopped = new MemberStopped('cancelled', 'cancelled by the user');
  const asked: MemberTraining[] = [];
  const thread = startEnsembleThread({ ...data, method: 'bagging', options: { members: 3 } }, hooks(async (request) => {
    asked.push(request);
    throw stopped;
  }));
  await assert.rejects(thread.built, (e) => e === stopped);
  // Bagging asks for its members in parallel, each on a bootstrap of the training rows.
  assert.deepEqual(asked.map((r) => r.slot).sort(), [0, 1, 2]);
  assert.ok(asked.every((r) => r.rows.length === data.split.train.length && r.role === 'member'));
});

test('an ApiError inside the thread keeps its code and message', async () => {
  const thread = startEnsembleThread({ ...data, method: 'bagging', options: { members: 1 } }, hooks(async () => assert.fail('no member is trained')));
  await assert.rejects(thread.built, (e) => e instanceof ApiError && e.code === 'invalid_argument' && /bagging needs at least 2 members, got 1/.test(e.message));
});

test('stop() ends a build waiting for its members at once, with the reason given', async () => {
  let asked!: () => void;
  const waiting = new Promise<void>((resolve) => (asked = resolve));
  const thread = startEnsembleThread({ ...data, method: 'boosting', options: { members: 4 } }, hooks(() => {
    asked();
    return new Promise(() => {}); // a member that never ends
  }));
  await waiting;
  const reason = new MemberStopped('interrupted', 'The process stopped.');
  thread.stop(reason);
  await assert.rejects(thread.built, (e) => e === reason);
  await assert.rejects(thread.finish(dir), (e) => e === reason);
});
