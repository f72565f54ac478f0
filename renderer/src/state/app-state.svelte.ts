/** Everything screens share, provided once through Svelte context by App.svelte. */
import { getContext, setContext } from 'svelte';
import type { AppInfo } from '../../../main/api/contract.ts';
import type { Shell } from '../api/client.ts';
import { DatasetsState } from './datasets.svelte.ts';
import { LiveRuns } from './live-runs.svelte.ts';
import { Nav } from './nav.svelte.ts';

export class AppState {
  readonly shell: Shell;
  readonly nav = new Nav();
  readonly datasets: DatasetsState;
  readonly live: LiveRuns;
  info = $state.raw<AppInfo | null>(null);

  constructor(shell: Shell) {
    this.shell = shell;
    this.datasets = new DatasetsState(shell.api);
    this.live = new LiveRuns(shell.api);
  }

  get api() {
    return this.shell.api;
  }
}

const KEY = Symbol('modelbench-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  return getContext<AppState>(KEY);
}
