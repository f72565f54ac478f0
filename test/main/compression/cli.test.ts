/** The compression commands through the real CLI (--home, --json), on the digits sample. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cli, errorLine, tempDir, writeFile } from '../cli/helpers.ts';

test('prune, distill, finetune, experiments show; bad input gets clear errors', async (t) => {
  const dir = tempDir(t);
  const home = join(dir, 'home');
  assert.equal((await cli(['dataset', 'import', '--sample', 'digits', '--home', home])).code, 0);
  const spec = writeFile(dir, 'cnn.json', JSON.stringify({ layers: [{ kind: 'conv2d', filters: 4, padding: 'same' }, { kind: 'maxPool2d' }, { kind: 'flatten' }, { kind: 'dense', units: 16 }] }));
  const train = await cli(['train', '--dataset', 'digits', '--model', spec, '--epochs', '3', '--home', home, '--json']);
  assert.equal(train.code, 0, train.stderr);
  const runId = JSON.parse(train.lines.at(-1)!).id as string;

  const prune = await cli(['prune', runId, '--target-sparsity', '0.7', '--schedule', 'oneshot', '--epochs', '1', '--home', home]);
  assert.equal(prune.code, 0, prune.stderr);
  assert.match(prune.stdout, /step 1 magnitude oneshot layer 70%: completed/);
  assert.match(prune.stdout, /STEP\s+KIND\s+LABEL/);

  const student = writeFile(dir, 'student.json', JSON.stringify({ name: 'mini', layers: [{ kind: 'flatten' }, { kind: 'dense', units: 8 }] }));
  const distill = await cli(['distill', '--teacher', runId, '--student', student, '--temperature', '2', '--alpha', '0.5', '--epochs', '1', '--home', home, '--json']);
  assert.equal(distill.code, 0, distill.stderr);
  const detail = JSON.parse(distill.lines.at(-1)!);
  assert.deepEqual(detail.steps.map((s: { kind: string }) => s.kind), ['baseline', 'student', 'distilled']);

  const list = await cli(['experiments', '--home', home, '--json']);
  assert.equal(list.lines.length, 2);
  const show = await cli(['experiments', 'show', detail.id, '--home', home]);
  assert.match(show.stdout, /distilled \(T=2, α=0.5\)\s+completed/);

  const bad = await cli(['prune', runId, '--target-sparsity', '1.5', '--home', home]);
  assert.equal(bad.code, 2);
  assert.match(errorLine(bad), /--target-sparsity must be a number ≥ 0 and < 1, got .1\.5./);
  await cli(['dataset', 'import', '--sample', 'iris', '--home', home]);
  const shape = await cli(['finetune', runId, '--dataset', 'iris', '--freeze', '1', '--home', home]);
  assert.equal(shape.code, 1);
  assert.match(errorLine(shape), /\[8, 8, 1\] but the dataset's samples have shape \[4\]/);
});
