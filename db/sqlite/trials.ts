/**
 * Trial rows of studies, with prepared statements only. The trials table keeps
 * JSON copies of params and values plus the first objective (value0) so one
 * indexed table serves the 10,000-row listing and the history; trial_params,
 * trial_values and trial_intermediate_values are written in the same
 * transaction. The DB spells the failed state 'fail' (schema 1); callers see 'failed'.
 */
import type { FrozenTrial } from '../../main/tuner/types.ts';
import type { TrialCounts, TrialRow, TrialState } from '../../main/study/types.ts';
import { INTERRUPTED_TRIAL_PREFIX, type LiteTrial, type NewTrial, type TrialFinish, type TrialListQuery, type TrialStore } from '../store.ts';
import type { Db } from './database.ts';
import type { Sync } from './sync.ts';

export type Raw = {
  number: number; state: string; params_json: string; values_json: string | null; run_id: string | null; error: string | null;
  worker: number | null; retry_of: number | null; started_at: string | null; finished_at: string | null; duration_ms: number | null;
  last_step: number | null; last_value: number | null;
};

export const toState = (s: string): TrialState => (s === 'fail' ? 'failed' : (s as TrialState));
export const fromState = (s: TrialState): string => (s === 'failed' ? 'fail' : s);
export const trialId = (studyId: string, number: number) => `${studyId}#${number}`;
export const COLS = 'number, state, params_json, values_json, run_id, error, worker, retry_of, started_at, finished_at, duration_ms, last_step, last_value';

export function toTrialRow(r: Raw): TrialRow {
  return {
    number: r.number, state: toState(r.state), params: JSON.parse(r.params_json), values: r.values_json ? JSON.parse(r.values_json) : null,
    lastStep: r.last_step, lastValue: r.last_value, runId: r.run_id, error: r.error, worker: r.worker, retryOf: r.retry_of,
    startedAt: r.started_at, finishedAt: r.finished_at, durationMs: r.duration_ms,
  };
}

/**
 * ORDER BY from fixed fragments (never user text); NULL values sort last both ways, number breaks ties.
 * `valueOf(k)` is the backend's SQL for objective k > 0 inside values_json.
 */
export function trialOrderBy(q: TrialListQuery, valueOf: (k: number) => string): string {
  const dir = q.order === 'asc' ? 'ASC' : 'DESC';
  const value = q.objective === 0 ? 'value0' : valueOf(Math.floor(q.objective));
  switch (q.sort) {
    case 'number': return `number ${dir}`;
    case 'value': return `(${value} IS NULL) ASC, ${value} ${dir}, number ASC`;
    case 'state': return `state ${dir}, number ASC`;
    case 'durationMs': return `(duration_ms IS NULL) ASC, duration_ms ${dir}, number ASC`;
    case 'startedAt': return `started_at ${dir}, number ${dir}`;
  }
}

const orderBy = (q: TrialListQuery) => trialOrderBy(q, (k) => `json_extract(values_json, '$[${k}]')`);

/** The frozen history (what samplers and pruners see) from the trial rows and their intermediate values. */
export function frozenTrials(rows: Iterable<Raw>, steps: Iterable<{ number: number; step: number; value: number | null }>): FrozenTrial[] {
  const inter = new Map<number, Record<number, number>>();
  for (const s of steps) {
    if (s.value === null) continue;
    let m = inter.get(s.number);
    if (!m) inter.set(s.number, (m = {}));
    m[s.step] = s.value;
  }
  return [...rows].map((r) => {
    const t: FrozenTrial = { number: r.number, state: toState(r.state), params: JSON.parse(r.params_json), intermediate: inter.get(r.number) ?? {} };
    return r.values_json && r.state === 'complete' ? { ...t, values: JSON.parse(r.values_json) } : t;
  });
}

export function countTrials(byState: Iterable<{ state: string; n: number }>): TrialCounts {
  const c: TrialCounts = { total: 0, running: 0, complete: 0, pruned: 0, failed: 0 };
  for (const r of byState) {
    const st = toState(r.state);
    if (st in c) c[st as keyof TrialCounts] += r.n;
    c.total += r.n;
  }
  return c;
}

export type LiteRaw = { number: number; state: string; values_json: string | null; worker: number | null; started_at: string | null; finished_at: string | null; owner_id: string | null };
/** The columns of a LiteRaw. */
export const LITE_COLS = 'number, state, values_json, worker, started_at, finished_at, owner_id';
export const toLite = (r: LiteRaw): LiteTrial => ({
  number: r.number, state: toState(r.state), values: r.values_json ? JSON.parse(r.values_json) : null,
  worker: r.worker, startedAt: r.started_at, finishedAt: r.finished_at, ownerId: r.owner_id,
});

/** The value trial_params.value keeps of a param (numbers, booleans as 0/1; others only in value_json). */
export const paramNumber = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : null);

/**
 * SQL condition for an interrupted trial (failed with INTERRUPTED_TRIAL_PREFIX). Both stores have a partial index on
 * exactly this (trials_interrupted: SQLite migration 010, PostgreSQL 004); a query uses it only when spelled the same.
 */
export const interruptedSql = (t = ''): string =>
  `${t}state = 'fail' AND ${t}error IS NOT NULL AND substr(${t}error, 1, ${INTERRUPTED_TRIAL_PREFIX.length}) = '${INTERRUPTED_TRIAL_PREFIX}'`;
/** SQL: the lowest interrupted trial of a study (parameter 1) that nothing re-runs yet. */
export const nextRetrySql = (param: string): string => `SELECT t.number, t.params_json FROM trials t
  WHERE t.study_id = ${param} AND ${interruptedSql('t.')}
    AND NOT EXISTS (SELECT 1 FROM trials r WHERE r.study_id = t.study_id AND r.retry_of = t.number)
  ORDER BY t.number LIMIT 1`;

/**
 * SQL: how many trials of a study (@studyId) count towards nTrials, without reading them: the next number (trial
 * numbers run 0, 1, 2… with no gap: trials are deleted only with their study) less the interrupted trials, read from
 * their partial index (INDEXED BY: without statistics the planner would rather walk the study's failed trials).
 */
export const countedTrialsSql = `SELECT (SELECT COALESCE(MAX(number) + 1, 0) FROM trials WHERE study_id = @studyId)
  - (SELECT COUNT(*) FROM trials INDEXED BY trials_interrupted WHERE study_id = @studyId AND ${interruptedSql()}) AS n`;

export function createTrialStore(db: Db): Sync<TrialStore> {
  const next = db.prepare<[string], { n: number }>('SELECT COALESCE(MAX(number) + 1, 0) AS n FROM trials WHERE study_id = ?');
  const ins = db.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, worker, retry_of, started_at, owner_id)
    VALUES (@id, @study_id, @number, 'running', @params_json, @worker, @retry_of, @started_at, @owner_id)`);
  const insParam = db.prepare('INSERT INTO trial_params (trial_id, name, value, value_json, distribution) VALUES (?, ?, ?, ?, ?)');
  const setRun = db.prepare('UPDATE trials SET run_id = ? WHERE id = ?');
  const insStep = db.prepare('INSERT OR REPLACE INTO trial_intermediate_values (trial_id, step, value) VALUES (?, ?, ?)');
  const setLast = db.prepare('UPDATE trials SET last_step = ?, last_value = ? WHERE id = ? AND (last_step IS NULL OR last_step <= ?)');
  const fin = db.prepare(`UPDATE trials SET state = @state, values_json = @values_json, value0 = @value0, error = @error,
    finished_at = @finished_at, duration_ms = @duration_ms WHERE id = @id AND state = 'running'`);
  const insValue = db.prepare('INSERT OR REPLACE INTO trial_values (trial_id, objective, value) VALUES (?, ?, ?)');
  const get = db.prepare<[string, number], Raw>(`SELECT ${COLS} FROM trials WHERE study_id = ? AND number = ?`);
  const all = db.prepare<[string, number], Raw>(`SELECT ${COLS} FROM trials WHERE study_id = ? AND number >= ? ORDER BY number`);
  const steps = db.prepare<[string, number], { number: number; step: number; value: number | null }>(
    `SELECT t.number, v.step, v.value FROM trials t JOIN trial_intermediate_values v ON v.trial_id = t.id WHERE t.study_id = ? AND t.number >= ? ORDER BY t.number, v.step`,
  );
  const stepsOf = db.prepare<[string], { step: number; value: number | null }>('SELECT step, value FROM trial_intermediate_values WHERE trial_id = ? ORDER BY step');
  const counts = db.prepare<[string], { state: string; n: number }>('SELECT state, COUNT(*) AS n FROM trials WHERE study_id = ? GROUP BY state');
  const running = db.prepare<[string], { number: number; owner_id: string | null }>(
    `SELECT number, owner_id FROM trials WHERE study_id = ? AND state = 'running' ORDER BY number`,
  );
  const nextRetry = db.prepare<[string], { number: number; params_json: string }>(nextRetrySql('?'));
  const counted = db.prepare<{ studyId: string }, { n: number }>(countedTrialsSql);
  const lite = db.prepare<[string], LiteRaw>(
    `SELECT ${LITE_COLS} FROM trials WHERE study_id = ? ORDER BY number`,
  );
  const retried = db.prepare<[string], { r: number }>('SELECT retry_of AS r FROM trials WHERE study_id = ? AND retry_of IS NOT NULL');
  const epochs = db.prepare<[string], { n: number | null }>(
    'SELECT SUM(r.epochs_done) AS n FROM trials t JOIN runs r ON r.id = t.run_id WHERE t.study_id = ?',
  );
  const lists = new Map<string, { page: ReturnType<Db['prepare']>; count: ReturnType<Db['prepare']> }>();

  // Number allocation and insert in one (immediate) transaction: a second process waits on the write lock
  // instead of reading the same MAX(number).
  const create = db.transaction((studyId: string, t: NewTrial): number => {
    const number = next.get(studyId)!.n;
    const id = trialId(studyId, number);
    ins.run({ id, study_id: studyId, number, params_json: JSON.stringify(t.params), worker: t.worker, retry_of: t.retryOf, started_at: t.startedAt, owner_id: t.ownerId });
    for (const [name, v] of Object.entries(t.params))
      insParam.run(id, name, paramNumber(v), JSON.stringify(v), JSON.stringify(t.distributions?.[name] ?? {}));
    return number;
  });
  // Immediate: the write lock is held from the look for an interrupted trial to the insert, so two workers cannot both take it.
  const claimNext = db.transaction((studyId: string, t: NewTrial, nTrials: number) => {
    const retry = nextRetry.get(studyId);
    if (retry) {
      const params = JSON.parse(retry.params_json);
      return { number: create(studyId, { ...t, params, retryOf: retry.number }), params, retryOf: retry.number };
    }
    if (counted.get({ studyId })!.n >= nTrials) return null;
    return { number: create(studyId, t), params: t.params, retryOf: t.retryOf };
  });
  const report = db.transaction((studyId: string, number: number, step: number, value: number) => {
    const id = trialId(studyId, number);
    insStep.run(id, step, value);
    setLast.run(step, value, id, step);
  });
  const finish = db.transaction((studyId: string, number: number, f: TrialFinish): boolean => {
    const id = trialId(studyId, number);
    const changed = fin.run({
      id, state: fromState(f.state), values_json: f.values ? JSON.stringify(f.values) : null, value0: f.values?.[0] ?? null,
      error: f.error, finished_at: f.finishedAt, duration_ms: f.durationMs,
    }).changes;
    if (changed === 0) return false;
    f.values?.forEach((v, k) => insValue.run(id, k, v));
    return true;
  });

  function listStatements(q: TrialListQuery) {
    const where = ['study_id = @studyId'];
    if (q.states?.length) where.push(`state IN (${q.states.map((_, i) => `@s${i}`).join(', ')})`);
    if (q.minValue !== undefined) where.push('value0 >= @minValue');
    if (q.maxValue !== undefined) where.push('value0 <= @maxValue');
    const key = `${where.join(' AND ')}|${orderBy(q)}`;
    let s = lists.get(key);
    if (!s) {
      s = {
        page: db.prepare(`SELECT ${COLS} FROM trials WHERE ${where.join(' AND ')} ORDER BY ${orderBy(q)} LIMIT @limit OFFSET @offset`),
        count: db.prepare(`SELECT COUNT(*) AS n FROM trials WHERE ${where.join(' AND ')}`),
      };
      lists.set(key, s);
    }
    return s;
  }

  return {
    create: (studyId, t) => create.immediate(studyId, t),
    claimNext: (studyId, t, nTrials) => claimNext.immediate(studyId, t, nTrials),
    setRun: (studyId, number, runId) => void setRun.run(runId, trialId(studyId, number)),
    report,
    finish: (studyId, number, f) => finish(studyId, number, f),
    get(studyId, number) {
      const r = get.get(studyId, number);
      return r ? toTrialRow(r) : undefined;
    },
    frozen: (studyId, fromNumber = 0) => frozenTrials(all.all(studyId, fromNumber), steps.iterate(studyId, fromNumber)),
    list(studyId, q) {
      const s = listStatements(q);
      const binds: Record<string, unknown> = { studyId };
      q.states?.forEach((st, i) => (binds[`s${i}`] = fromState(st)));
      if (q.minValue !== undefined) binds.minValue = q.minValue;
      if (q.maxValue !== undefined) binds.maxValue = q.maxValue;
      const total = (s.count.get(binds) as { n: number }).n;
      const items = (s.page.all({ ...binds, limit: q.limit, offset: q.offset }) as Raw[]).map(toTrialRow);
      return { total, items };
    },
    counts: (studyId) => countTrials(counts.all(studyId)),
    running: (studyId) => running.all(studyId).map((r) => ({ number: r.number, ownerId: r.owner_id })),
    lite: (studyId) => lite.all(studyId).map(toLite),
    intermediate(studyId, numbers) {
      const out = new Map<number, { steps: number[]; values: number[] }>();
      for (const n of numbers) {
        const rows = stepsOf.all(trialId(studyId, n)).filter((r) => r.value !== null);
        out.set(n, { steps: rows.map((r) => r.step), values: rows.map((r) => r.value as number) });
      }
      return out;
    },
    retried: (studyId) => new Set(retried.all(studyId).map((r) => r.r)),
    epochsTrained: (studyId) => epochs.get(studyId)?.n ?? 0,
  };
}
