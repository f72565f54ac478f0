/**
 * Everything the live study charts draw, kept up to date from 'study.event'.
 * Mutable on purpose: at 10,000 trials an immutable copy per epoch report
 * would cost more than the redraw. The Svelte state wrapper bumps a counter
 * (throttled) after `apply`, and charts rebuild from `snapshot()`.
 */
import type { StudyEvent, StudyHistory, StudyInfo } from '../../../main/api/contract.ts';
import type { TrialRow } from '../../../main/study/types.ts';
import { intermediateFromHistory, trialFromRow } from './study-adapt.ts';
import type { TrialPoint } from './study-types.ts';

export type LiveTrial = TrialPoint & { intermediate: [number, number][] };
export type StudyStatus = StudyInfo['status'];

export class StudyLiveModel {
  readonly studyId: string;
  readonly trials = new Map<number, LiveTrial>();
  status: StudyStatus | null = null;
  /** Bumped on every change; lets callers skip rebuilding when nothing happened. */
  version = 0;

  constructor(studyId: string) {
    this.studyId = studyId;
  }

  /** Trials from studies.trials pages (may be called repeatedly; newer data wins). */
  loadRows(rows: readonly TrialRow[]): void {
    for (const r of rows) {
      const prev = this.trials.get(r.number);
      this.trials.set(r.number, { ...trialFromRow(r), intermediate: prev?.intermediate ?? [] });
    }
    this.version++;
  }

  loadHistory(h: Pick<StudyHistory, 'intermediate' | 'timeline'>): void {
    for (const [n, steps] of intermediateFromHistory(h)) {
      const t = this.trials.get(n);
      // Events may have added later steps since the request went out; keep the longer curve.
      if (t && steps.length >= t.intermediate.length) t.intermediate = steps;
    }
    this.loadTimeline(h.timeline);
  }

  /** Which machine (and worker slot) ran each trial, from studies.history's timeline: the timeline's lanes. */
  loadTimeline(timeline: StudyHistory['timeline']): void {
    for (const e of timeline) {
      const t = this.trials.get(e.number);
      if (!t) continue;
      if (e.machine) t.machine = e.machine;
      if (typeof e.worker === 'number' && typeof t.worker !== 'number') t.worker = e.worker;
    }
    this.version++;
  }

  /**
   * Whether started trials lack their machine in a way the timeline shows: announced by another process (no worker
   * slot), or in a study that several processes ran. Then the screen reads the timeline again (throttled).
   */
  needsMachines(): boolean {
    const machines = new Set<string>();
    let unknown = false;
    let unknownSlot = false;
    for (const t of this.trials.values()) {
      if (t.machine) machines.add(t.machine);
      else if (typeof t.startedAt === 'number') {
        unknown = true;
        if (typeof t.worker !== 'number') unknownSlot = true;
      }
    }
    return unknownSlot || (unknown && machines.size > 1);
  }

  /** Folds one event in; returns false for other studies' events. */
  apply(e: StudyEvent, now = Date.now()): boolean {
    if (e.studyId !== this.studyId) return false;
    const t = 'number' in e ? this.trials.get(e.number) : undefined;
    switch (e.type) {
      case 'study-started':
        this.status = 'running';
        break;
      case 'study-finished':
        this.status = e.status;
        break;
      case 'trial-started':
        this.trials.set(e.number, { number: e.number, state: 'running', params: e.params, startedAt: now, finishedAt: null, worker: e.worker, intermediate: [] });
        break;
      case 'trial-reported':
        if (t) {
          const i = t.intermediate.findIndex(([s]) => s === e.step);
          if (i >= 0) t.intermediate[i] = [e.step, e.value];
          else t.intermediate.push([e.step, e.value]);
        }
        break;
      case 'trial-pruned':
        if (t) Object.assign(t, { state: 'pruned', finishedAt: now });
        break;
      case 'trial-completed':
        if (t) Object.assign(t, { state: 'complete', values: e.values, finishedAt: now });
        else this.trials.set(e.number, { number: e.number, state: 'complete', params: {}, values: e.values, finishedAt: now, intermediate: [] });
        break;
      case 'trial-failed':
        if (t) Object.assign(t, { state: 'failed', finishedAt: now });
        break;
    }
    this.version++;
    return true;
  }

  /** Trials in number order, with their intermediate curves attached. */
  list(): LiveTrial[] {
    return [...this.trials.values()].sort((a, b) => a.number - b.number);
  }

  historyPoints(k = 0): { number: number; value: number }[] {
    return historyPointsOf(this.list(), k);
  }

  counts(): Record<TrialPoint['state'], number> {
    const c = { waiting: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
    for (const t of this.trials.values()) c[t.state]++;
    return c;
  }
}

/** Finished trials' values of objective `k`, in the order given (the history chart's points). */
export function historyPointsOf(trials: readonly TrialPoint[], k = 0): { number: number; value: number }[] {
  const out: { number: number; value: number }[] = [];
  for (const t of trials) {
    const v = t.values?.[k];
    if (t.state === 'complete' && typeof v === 'number' && Number.isFinite(v)) out.push({ number: t.number, value: v });
  }
  return out;
}

/** Offsets of the pages of `pageSize` that cover `total` rows (at least the first page). */
export function trialPageOffsets(total: number, pageSize: number): number[] {
  const out = [0];
  for (let o = pageSize; o < total; o += pageSize) out.push(o);
  return out;
}
