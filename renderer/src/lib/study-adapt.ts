/** Maps the engine's study records onto the plain chart inputs of lib/study-types.ts. */
import type { StudyHistory, StudyInfo } from '../../../main/api/contract.ts';
import type { TrialRow } from '../../../main/study/types.ts';
import type { Objective, ParamAxis, ParamValue, TrialPoint } from './study-types.ts';

const ms = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

export function trialFromRow(row: TrialRow): TrialPoint {
  return {
    number: row.number,
    state: row.state,
    params: row.params,
    values: row.values ?? undefined,
    startedAt: ms(row.startedAt),
    finishedAt: ms(row.finishedAt),
    worker: row.worker,
  };
}

/** Axes from the stored space JSON; anything unreadable is skipped rather than breaking the charts. */
export function axesFromSpace(space: { params: Record<string, unknown> } | undefined): ParamAxis[] {
  const out: ParamAxis[] = [];
  for (const [name, raw] of Object.entries(space?.params ?? {})) {
    const p = raw as { kind?: string; low?: number; high?: number; log?: boolean; choices?: ParamValue[]; value?: ParamValue };
    if ((p.kind === 'float' || p.kind === 'int') && typeof p.low === 'number' && typeof p.high === 'number') out.push({ name, kind: p.kind, low: p.low, high: p.high, log: !!p.log });
    else if (p.kind === 'categorical' && Array.isArray(p.choices)) out.push({ name, kind: 'categorical', choices: p.choices });
    else if (p.kind === 'fixed') out.push({ name, kind: 'fixed', value: p.value ?? null });
  }
  return out;
}

export const objectivesOf = (study: Pick<StudyInfo, 'objectives'>): Objective[] => study.objectives.map((o) => ({ name: o.name, direction: o.direction }));

/** Intermediate curves from studies.history as [step, value] pairs. */
export function intermediateFromHistory(h: Pick<StudyHistory, 'intermediate'>): Map<number, [number, number][]> {
  return new Map(h.intermediate.map((c) => [c.number, c.steps.map((s, i): [number, number] => [s, c.values[i]])]));
}

/** History points of objective k from studies.history (all finished trials, cheap even at 10,000). */
export function historyPoints(h: Pick<StudyHistory, 'trials'>, k = 0): { number: number; value: number }[] {
  return h.trials.flatMap((t) => (t.state === 'complete' && typeof t.values?.[k] === 'number' ? [{ number: t.number, value: t.values[k] }] : []));
}
