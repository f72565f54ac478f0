import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCommandExecutor, envName, parseReportLine, parseResultLine } from '../../../main/study/command-trial.ts';
import { CommandSpec } from '../../../main/study/config.ts';

test('result lines: a number, comma-separated numbers, or JSON', () => {
  assert.deepEqual(parseResultLine('0.25'), [0.25]);
  assert.deepEqual(parseResultLine(' 1, -2.5e-3 '), [1, -0.0025]);
  assert.deepEqual(parseResultLine('{"value": 3}'), [3]);
  assert.deepEqual(parseResultLine('{"values": [1, 2]}'), [1, 2]);
  assert.equal(parseResultLine('accuracy: 0.9'), null);
  assert.equal(parseResultLine(''), null);
  assert.deepEqual(parseReportLine('{"step": 2, "value": 0.5}'), { step: 2, value: 0.5 });
  assert.equal(parseReportLine('0.5'), null);
  assert.equal(envName('hyperparams.optimizer.learningRate'), 'MB_PARAM_HYPERPARAMS_OPTIMIZER_LEARNINGRATE');
});

const script = (body: string) => CommandSpec.parse({ argv: [process.execPath, '-e', body] });

test('the command gets params on stdin and as env, and its last line is the value', async () => {
  const exec = createCommandExecutor(script("let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const p=JSON.parse(s);console.log('log line');console.log(p.x*2+Number(process.env.MB_PARAM_Y)+','+process.env.MB_TRIAL_NUMBER)})"), { id: 's', nObjectives: 2 });
  const outcome = await exec({ number: 7, params: { x: 1.5, y: 10 }, worker: 0 }, { report: async () => false }).done;
  assert.deepEqual(outcome, { state: 'complete', values: [13, 7] });
});

test('a non-zero exit fails the trial with the stderr tail; a shell string runs with sh -c', async () => {
  const exec = createCommandExecutor(script("console.error('boom: bad things');process.exit(3)"), { id: 's', nObjectives: 1 });
  const outcome = await exec({ number: 0, params: {}, worker: 0 }, { report: async () => false }).done;
  assert.equal(outcome.state, 'failed');
  assert.match((outcome as { error: string }).error, /exited with 3[\s\S]*boom: bad things/);
  const sh = createCommandExecutor(CommandSpec.parse({ shell: 'echo "$MB_PARAM_A" | tr a b' }), { id: 's', nObjectives: 1 });
  const r = await sh({ number: 0, params: { a: 'x' }, worker: 0 }, { report: async () => false }).done;
  assert.match((r as { error: string }).error, /cannot read a result from the last stdout line "x"/);
});

test('intermediate report lines can prune the command', async () => {
  const exec = createCommandExecutor(script("let i=0;const t=setInterval(()=>{i++;console.log(JSON.stringify({step:i,value:i}));if(i>50){clearInterval(t);console.log(1)}},20)"), { id: 's', nObjectives: 1 });
  const steps: number[] = [];
  const outcome = await exec({ number: 0, params: {}, worker: 0 }, { report: async (step) => (steps.push(step), step >= 2) }).done;
  assert.deepEqual(outcome, { state: 'pruned', step: 2 });
  assert.deepEqual(steps, [1, 2]);
});
