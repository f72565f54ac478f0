/**
 * Experiments this window knows about: the stored list plus live progress
 * folded from 'experiment.event'. One instance per API (see experimentsFor),
 * created on first use, so the shared AppState needs no change to host it.
 */
import type { ExperimentEvent, ExperimentRecord, ModelbenchApi } from '../../../main/api/contract.ts';
import { errorMessage } from '../api/errors.ts';
import { applyExperimentEvent, initialExperimentLive, type ExperimentLive } from '../lib/experiment-live.ts';

export class ExperimentsState {
  list = $state.raw<ExperimentRecord[]>([]);
  live = $state.raw<Record<string, ExperimentLive>>({});
  /** Bumped on every event, so open screens know to reload their records. */
  version = $state(0);
  error = $state<string | null>(null);
  loading = $state(false);
  readonly #api: ModelbenchApi;

  constructor(api: ModelbenchApi) {
    this.#api = api;
    api.on('experiment.event', (e) => this.#apply(e));
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.list = await this.#api.call('experiments.list', {});
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.loading = false;
    }
  }

  get(experimentId: string | undefined): ExperimentLive | undefined {
    return experimentId ? this.live[experimentId] : undefined;
  }

  #apply(e: ExperimentEvent): void {
    const prev = this.live[e.experimentId] ?? initialExperimentLive(e.experimentId);
    this.live = { ...this.live, [e.experimentId]: applyExperimentEvent(prev, e) };
    this.version++;
    // The list shows status and step counts; starts and ends change them.
    if (e.type === 'experiment-started' || e.type === 'experiment-finished') void this.refresh();
  }
}

const instances = new WeakMap<ModelbenchApi, ExperimentsState>();

export function experimentsFor(api: ModelbenchApi): ExperimentsState {
  let s = instances.get(api);
  if (!s) {
    s = new ExperimentsState(api);
    instances.set(api, s);
  }
  return s;
}
