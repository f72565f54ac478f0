/**
 * Study command objectives run programs on the host machine, so a browser may
 * create, change or start them only when the host was started with the opt-in
 * (`modelbench serve --allow-commands`); the CLI always may. Driven through real
 * hosts on restricted engines; the program writes a marker file when it runs.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { StudyConfigInput } from '../../../main/api/contract.ts';
import { createEngine } from '../../../main/engine/engine.ts';
import { RemoteCallError, RpcClient, startRealHost } from './real-host.ts';

/** A command study whose program leaves a file in `markers` and prints x² as its value. */
function commandStudy(markers: string, nTrials = 2): StudyConfigInput {
  const program = `const fs = require('node:fs'); const x = Number(process.env.MB_PARAM_X); fs.writeFileSync(require('node:path').join(${JSON.stringify(markers)}, 'ran-' + process.pid), ''); console.log(x * x);`;
  return {
    name: 'command study',
    space: { params: { x: { kind: 'float', low: -2, high: 2 } } },
    sampler: 'random',
    objectives: [{ kind: 'command', direction: 'minimize' }],
    command: { argv: [process.execPath, '-e', program] },
    nTrials,
    workers: 1,
  };
}

const forbidden = (action: RegExp) => (e: unknown) =>
  e instanceof RemoteCallError && e.code === 'forbidden' && action.test(e.message) && /--allow-commands/.test(e.message) && /modelbench tune/.test(e.message);

test('without --allow-commands: the browser can neither create, change nor start a command study, even one the CLI made', async () => {
  const real = await startRealHost();
  const client = await RpcClient.connect(real.host);
  try {
    assert.equal((await client.call('app.info', {})).commandsAllowed, false);
    await assert.rejects(client.call('studies.create', { config: commandStudy(real.root) }), forbidden(/Cannot create this study/));

    // The CLI (an unrestricted engine on the same data folder) may create one...
    const cli = await createEngine({ home: real.home, workers: 1, backend: ['cpu'] });
    assert.equal((await cli.call('app.info', {})).commandsAllowed, true);
    const study = await cli.call('studies.create', { config: commandStudy(real.root) });
    await cli.close();

    // ...which the browser sees but cannot start or change.
    assert.equal((await client.call('studies.get', { studyId: study.id })).study.name, 'command study');
    await assert.rejects(client.call('studies.start', { studyId: study.id }), forbidden(/Cannot start study 'command study'/));
    await assert.rejects(client.call('studies.update', { studyId: study.id, nTrials: 5 }), forbidden(/Cannot change study 'command study'/));
    assert.equal((await client.call('studies.get', { studyId: study.id })).study.status, 'idle');
    assert.deepEqual(readdirSync(real.root).filter((f) => f.startsWith('ran-')), [], 'the program never ran');

    // Studies that run no program are unaffected.
    const external = await client.call('studies.create', {
      config: { space: { params: { x: { kind: 'float', low: 0, high: 1 } } }, objectives: [{ kind: 'value', direction: 'minimize' }] },
    });
    const trial = await client.call('studies.ask', { studyId: external.id });
    assert.equal((await client.call('studies.tell', { studyId: external.id, number: trial.number, values: [0.5] })).state, 'complete');
  } finally {
    client.close();
    await real.close();
  }
});

test('with --allow-commands: the browser creates and runs a command study, and app.info says so', async () => {
  const real = await startRealHost({ allowCommands: true });
  const client = await RpcClient.connect(real.host);
  try {
    assert.equal((await client.call('app.info', {})).commandsAllowed, true);
    const study = await client.call('studies.create', { config: commandStudy(real.root) });
    const finished = client.waitFor<{ counts: { complete: number } }>('study.event', (e) => e.type === 'study-finished' && e.studyId === study.id);
    await client.call('studies.start', { studyId: study.id });
    assert.equal((await finished).counts.complete, 2);
    assert.equal(readdirSync(real.root).filter((f) => f.startsWith('ran-')).length, 2);
    const detail = await client.call('studies.get', { studyId: study.id });
    const x = detail.best[0].params.x as number;
    assert.ok(Math.abs(detail.best[0].values![0] - x * x) < 1e-9);
    assert.ok(existsSync(real.home));
  } finally {
    client.close();
    await real.close();
  }
});
