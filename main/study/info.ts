/** A stored study row → what the API shows, with a liveness check for 'running'. */
import type { Store, StudyRow } from '../../db/store.ts';
import type { StudyConfig, StudyKind } from './config.ts';
import type { ObjectiveInfo, StudyInfo, StudyStatus } from './types.ts';

/**
 * A study stored 'running' is running only while its owner lives: this
 * process (`localRunning`) or another live owner. Otherwise its process died
 * mid-study (kill -9, crash, power loss): 'interrupted', ready to resume.
 */
export function effectiveStatus(row: StudyRow, localRunning: boolean, liveOwners: ReadonlySet<string>): StudyStatus {
  if (localRunning) return 'running';
  if (row.status !== 'running') return row.status as StudyStatus;
  return row.ownerId !== null && liveOwners.has(row.ownerId) ? 'running' : 'interrupted';
}

export function samplerLabel(sampler: unknown): string {
  return typeof sampler === 'string' ? sampler : String((sampler as { kind?: string; name?: string })?.kind ?? (sampler as { name?: string })?.name ?? '?');
}

export async function studyInfo(store: Store, row: StudyRow, localRunning: boolean, liveOwners: ReadonlySet<string>): Promise<StudyInfo> {
  const config = row.config as StudyConfig & { kind?: StudyKind };
  const kind: StudyKind = config.objectives.every((o) => o.kind === 'metric') ? 'train' : config.objectives[0].kind === 'command' ? 'command' : 'external';
  return {
    id: row.id,
    name: row.name,
    kind,
    status: effectiveStatus(row, localRunning, liveOwners),
    datasetId: row.datasetId,
    objectives: row.objectives as ObjectiveInfo[],
    sampler: samplerLabel(row.sampler),
    pruner: samplerLabel(row.pruner).replace(/^nop$/, 'none'),
    config,
    seed: row.seed,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    counts: await store.trials.counts(row.id),
  };
}
