/** A stored study row → what the API shows, with a liveness check for 'running'. */
import type { StudyRow, StudyStore } from '../../db/studies.ts';
import type { StudyConfig, StudyKind } from './config.ts';
import type { ObjectiveInfo, StudyInfo, StudyStatus } from './types.ts';

/** True when a process with this pid exists (signal 0 only checks). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * A study stored 'running' is running only while its runner lives: in this
 * process (`localRunning`) or in another live process. Otherwise the process
 * died mid-study (kill -9, crash, power loss): 'interrupted', ready to resume.
 */
export function effectiveStatus(row: StudyRow, localRunning: boolean): StudyStatus {
  if (localRunning) return 'running';
  if (row.status !== 'running') return row.status as StudyStatus;
  if (row.runnerPid !== null && row.runnerPid !== process.pid && pidAlive(row.runnerPid)) return 'running';
  return 'interrupted';
}

export function samplerLabel(sampler: unknown): string {
  return typeof sampler === 'string' ? sampler : String((sampler as { kind?: string; name?: string })?.kind ?? (sampler as { name?: string })?.name ?? '?');
}

export function studyInfo(store: StudyStore, row: StudyRow, localRunning: boolean): StudyInfo {
  const config = row.config as StudyConfig & { kind?: StudyKind };
  const kind: StudyKind = config.objectives.every((o) => o.kind === 'metric') ? 'train' : config.objectives[0].kind === 'command' ? 'command' : 'external';
  return {
    id: row.id,
    name: row.name,
    kind,
    status: effectiveStatus(row, localRunning),
    datasetId: row.datasetId,
    objectives: row.objectives as ObjectiveInfo[],
    sampler: samplerLabel(row.sampler),
    pruner: samplerLabel(row.pruner).replace(/^nop$/, 'none'),
    config,
    seed: row.seed,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    counts: store.trials.counts(row.id),
  };
}
