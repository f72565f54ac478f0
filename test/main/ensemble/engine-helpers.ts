/** Ensembles on a real engine, for the tests: start one and wait for its job to end. */
import type { EnsembleDetail, EnsembleEvent, EnsembleRequestInput } from '../../../main/api/contract.ts';
import type { Engine } from '../../../main/engine/engine.ts';

/** Runs `start` (create or resume) and resolves with the stored ensemble once its job ended; events before `start` resolves are kept. */
export function ensembleEnd(engine: Engine, start: () => Promise<{ ensembleId: string }>): Promise<EnsembleDetail> {
  return new Promise((resolve, reject) => {
    let id: string | undefined;
    const ended = new Set<string>();
    const finish = (ensembleId: string) => {
      stop();
      engine.call('ensembles.get', { ensembleId }).then(resolve, reject);
    };
    const stop = engine.subscribe((name, payload) => {
      const e = payload as EnsembleEvent;
      if (name !== 'ensemble.event' || e.type !== 'ensemble-finished') return;
      ended.add(e.ensembleId);
      if (e.ensembleId === id) finish(e.ensembleId);
    });
    start().then(({ ensembleId }) => {
      id = ensembleId;
      if (ended.has(ensembleId)) finish(ensembleId);
    }, (error) => {
      stop();
      reject(error);
    });
  });
}

/** Creates an ensemble and waits for it. */
export const buildEnsemble = (engine: Engine, request: EnsembleRequestInput): Promise<EnsembleDetail> =>
  ensembleEnd(engine, () => engine.call('ensembles.create', request));

/**
 * How late the engine answers while `work` runs: app.info and runs.list are asked every
 * `everyMs` after the last answer, and each answer's time counts from when it was due, so a
 * blocked engine thread (a late timer) counts as it would for a UI request arriving then.
 */
export async function answerTimes(engine: Engine, work: Promise<unknown>, everyMs = 25): Promise<number[]> {
  let running = true;
  const done = work.then(() => (running = false), () => (running = false));
  const answers: number[] = [];
  while (running) {
    const due = performance.now() + everyMs;
    await new Promise((r) => setTimeout(r, everyMs));
    await engine.call('app.info', {});
    await engine.call('runs.list', { limit: 5 });
    answers.push(performance.now() - due);
  }
  await done;
  return answers;
}
