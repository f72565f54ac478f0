/**
 * Live training state for every run this window has heard about, folded from the
 * engine's 'run.event' stream (see lib/run-progress.ts for the pure reducer).
 */
import type { ModelbenchApi } from '../../../main/api/contract.ts';
import type { RunEvent } from '../../../main/api/schemas.ts';
import { applyRunEvent, initialLiveRun, isFinished, type LiveRun } from '../lib/run-progress.ts';

/** Finished runs kept in memory; their full history is always one 'runs.metrics' call away. */
const KEEP_FINISHED = 20;

export class LiveRuns {
  runs = $state.raw<Record<string, LiveRun>>({});
  /** Bumped when any run finishes, so lists can refresh. */
  finishedCount = $state(0);

  constructor(api: ModelbenchApi) {
    api.on('run.event', (e) => this.#apply(e));
  }

  get(runId: string | undefined): LiveRun | undefined {
    return runId ? this.runs[runId] : undefined;
  }

  /** Seeds a run (e.g. right after 'runs.start' or from a stored record); events may already have arrived. */
  seed(run: LiveRun): void {
    if (!this.runs[run.runId]) this.runs = { ...this.runs, [run.runId]: run };
  }

  #apply(e: RunEvent): void {
    const prev = this.runs[e.runId] ?? initialLiveRun(e.runId, e.type === 'started' || e.type === 'epoch' ? e.epochs : 0);
    const next = applyRunEvent(prev, e);
    let runs = { ...this.runs, [e.runId]: next };
    if (isFinished(next)) {
      this.finishedCount++;
      runs = prune(runs);
    }
    this.runs = runs;
  }

  get active(): LiveRun[] {
    return Object.values(this.runs).filter((r) => !isFinished(r));
  }
}

function prune(runs: Record<string, LiveRun>): Record<string, LiveRun> {
  const finished = Object.values(runs).filter(isFinished);
  if (finished.length <= KEEP_FINISHED) return runs;
  const drop = new Set(finished.slice(0, finished.length - KEEP_FINISHED).map((r) => r.runId));
  return Object.fromEntries(Object.entries(runs).filter(([id]) => !drop.has(id)));
}
