/** Trains a run through a real engine and resolves once it has finished, with the run's events in order. */
import type { Params } from '../../../main/api/contract.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import type { Engine } from '../../../main/engine/engine.ts';

export function trainAndWait(engine: Engine, config: Params<'runs.start'>): Promise<{ runId: string; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  return new Promise((resolve, reject) => {
    let runId: string | null = null;
    const stop = engine.subscribe((name, payload) => {
      if (name !== 'run.event') return;
      const event = payload as RunEvent;
      events.push(event);
      if (event.type === 'finished' && event.runId === runId) {
        stop();
        resolve({ runId, events: events.filter((e) => e.runId === runId) });
      }
    });
    engine.call('runs.start', config).then((r) => (runId = r.runId), reject);
  });
}
