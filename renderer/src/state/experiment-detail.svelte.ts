/**
 * Everything the experiment detail screen draws: the experiment, its sibling
 * prune experiments on the same base run (for the sparsity curve), the
 * experiments connected to it (for the lineage graph) and run names.
 * Reloaded when an event for it arrives, at most every RELOAD_MS.
 */
import type { ExperimentDetail, ModelbenchApi } from '../../../main/api/contract.ts';
import { errorMessage } from '../api/errors.ts';
import { experimentRunIds } from '../lib/experiment-view.ts';

/** The lineage graph reads this many of the most recent experiments at most. */
const MAX_RELATED = 40;
const RELOAD_MS = 700;

export class ExperimentDetailState {
  readonly experimentId: string;
  detail = $state.raw<ExperimentDetail | null>(null);
  /** Other experiments sharing a run with this one (prune siblings, chains). */
  related = $state.raw<ExperimentDetail[]>([]);
  runNames = $state.raw<Record<string, string>>({});
  error = $state<string | null>(null);
  readonly #api: ModelbenchApi;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  /** Loads can overlap (an event arrives mid-load): only the newest one may write. */
  #seq = 0;

  constructor(api: ModelbenchApi, experimentId: string) {
    this.#api = api;
    this.experimentId = experimentId;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const current = () => !this.#closed && seq === this.#seq;
    try {
      const detail = await this.#api.call('experiments.get', { experimentId: this.experimentId });
      if (!current()) return;
      this.detail = detail;
      this.error = null;
      await this.#loadRelated(detail, current);
    } catch (e) {
      if (current()) this.error = errorMessage(e);
    }
  }

  /** Coalesces bursts of events (step-finished then finished) into one reload. */
  scheduleReload(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.load();
    }, RELOAD_MS);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  async #loadRelated(detail: ExperimentDetail, current: () => boolean): Promise<void> {
    try {
      const list = await this.#api.call('experiments.list', {});
      const others = [...list]
        .filter((e) => e.id !== detail.id)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .slice(0, MAX_RELATED);
      const details = (await Promise.all(others.map((e) => this.#api.call('experiments.get', { experimentId: e.id }).catch(() => null)))).filter(
        (d): d is ExperimentDetail => d !== null,
      );
      const runs = await this.#api.call('runs.list', { limit: 500, sort: 'createdAt', order: 'desc' });
      if (!current()) return;
      this.related = details;
      const names: Record<string, string> = {};
      for (const r of runs.items) names[r.id] = r.name;
      // Runs older than the newest 500: ask for the few this experiment shows.
      const missing = experimentRunIds(detail).filter((id) => !names[id]);
      for (const id of missing) {
        const r = await this.#api.call('runs.get', { runId: id }).catch(() => null);
        if (r) names[id] = r.name;
      }
      if (current()) this.runNames = names;
    } catch {
      // Related experiments only enrich the charts; the experiment itself is shown regardless.
    }
  }
}
