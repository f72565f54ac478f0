/** The main screens in the sidebar, in order, with their label keys; shortcut keys 1–6 follow this order. */
import type { MessageKey } from '../i18n/index.ts';
import type { Screen } from '../state/nav.svelte.ts';

export const NAV: readonly { screen: Screen; label: MessageKey }[] = [
  { screen: 'datasets', label: 'nav.datasets' },
  { screen: 'new-run', label: 'nav.newRun' },
  { screen: 'training', label: 'nav.training' },
  { screen: 'history', label: 'nav.history' },
  { screen: 'studies', label: 'nav.studies' },
  { screen: 'experiments', label: 'nav.experiments' },
];

/** The sidebar entry a screen belongs to: run detail and compare under History, study and experiment screens under theirs. */
export function navSection(screen: Screen): Screen {
  if (screen.startsWith('experiment')) return 'experiments';
  if (screen === 'run-detail' || screen === 'compare' || screen.startsWith('ensemble')) return 'history';
  if (screen.startsWith('study-')) return 'studies';
  return screen;
}
