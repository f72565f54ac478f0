/**
 * The status a person should see for a run. A study trial stopped by the
 * pruner is stored like a cancelled run (status 'cancelled', error
 * 'pruned at epoch N', tags 'study' and 'study:ID'); it did nothing wrong, so
 * it reads 'pruned'. Derived here until the run record says so itself.
 */
import type { RunRecord } from '../../../main/api/schemas.ts';

export type RunStatusLabel = RunRecord['status'] | 'pruned';

const PRUNED = /^pruned at epoch \d+/;

export function runStatusLabel(run: Pick<RunRecord, 'status' | 'error' | 'tags'>): RunStatusLabel {
  if (run.status === 'cancelled' && run.tags.includes('study') && PRUNED.test(run.error ?? '')) return 'pruned';
  return run.status;
}
