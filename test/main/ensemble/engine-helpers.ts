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
