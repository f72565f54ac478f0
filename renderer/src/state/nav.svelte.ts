/** Which screen is showing. In-memory on purpose: the URL fragment carries the session token, not routes. */
export type Screen = 'datasets' | 'new-run' | 'training' | 'history' | 'run-detail' | 'compare' | 'studies' | 'study-setup' | 'study-live' | 'study-compare' | 'experiments' | 'experiment-builder' | 'experiment-detail' | 'ensemble-builder' | 'ensemble-detail' | 'settings';
export type NavParams = {
  runId?: string; runIds?: string[]; datasetId?: string; studyId?: string; studyIds?: string[]; experimentId?: string;
  /** The ensemble detail's ensemble; Compare's ensembles beside its runs. */
  ensembleId?: string; ensembleIds?: string[];
};

export class Nav {
  screen = $state<Screen>('datasets');
  params = $state.raw<NavParams>({});

  go(screen: Screen, params: NavParams = {}): void {
    this.screen = screen;
    this.params = params;
  }
}
