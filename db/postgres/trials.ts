/**
 * Trial rows on PostgreSQL, with the SQLite store's columns and mappings
 * (db/sqlite/trials.ts). Numbers come from studies.next_trial, incremented
 * under the study row's lock inside the inserting transaction: concurrent
 * creates of one study queue on that row, and a rolled-back create leaves no
 * hole in use. claimNext holds the same lock while it looks for an interrupted
 * trial and counts, so two workers cannot take the same re-run or overshoot
 * nTrials (the partial unique index on retry_of is a second guard).
 */
import {
  COLS, LITE_COLS, countTrials, frozenTrials, interruptedSql, fromState, nextRetrySql, paramNumber, toLite, toTrialRow, trialId, trialOrderBy,
  type LiteRaw, type Raw,
} from '../sqlite/trials.ts';
import { randomUUID } from 'node:crypto';
import type { NewTrial, TrialStore } from '../store.ts';
import type { PgConnection, Queryable } from './connection.ts';

const orderBy = (q: Parameters<typeof trialOrderBy>[0]) => trialOrderBy(q, (k) => `((values_json::jsonb)->>${k})::double precision`);

/**
 * Stores a running trial under the study's next number in ONE statement (atomic
 * by itself): the UPDATE takes the study row's lock and the number, the
 * inserts follow from it. One round trip: worker throughput depends on it.
 */
async function insertTrial(c: Queryable, studyId: string, t: NewTrial, claimToken: string | null = null): Promise<number> {
  const entries = Object.entries(t.params);
  const { rows } = await c.query<{ number: number }>(
    `WITH s AS (UPDATE studies SET next_trial = next_trial + 1 WHERE id = $1 RETURNING next_trial - 1 AS n),
     t AS (
       INSERT INTO trials (id, study_id, number, state, params_json, worker, retry_of, started_at, owner_id, claim_token)
       SELECT $1 || '#' || s.n, $1, s.n, 'running', $2, $3, $4, $5, $6, $11 FROM s RETURNING id, number
     ),
     p AS (
       INSERT INTO trial_params (trial_id, name, value, value_json, distribution)
       SELECT t.id, p.name, p.value, p.value_json, p.distribution FROM t,
         unnest($7::text[], $8::double precision[], $9::text[], $10::text[]) AS p(name, value, value_json, distribution)
     )
     SELECT number FROM t`,
    [studyId, JSON.stringify(t.params), t.worker, t.retryOf, t.startedAt, t.ownerId,
      entries.map(([name]) => name), entries.map(([, v]) => paramNumber(v)), entries.map(([, v]) => JSON.stringify(v)),
      entries.map(([name]) => JSON.stringify(t.distributions?.[name] ?? {})), claimToken],
  );
  if (rows.length === 0) throw new Error(`no study with id '${studyId}'`);
  return rows[0].number;
}

export function createTrialStore(pg: PgConnection): TrialStore {
  return {
    create: (studyId, t) => insertTrial(pg.auto, studyId, t),
    claimNext: (studyId, t, nTrials) => {
      // Written with the trial: a retry after a connection lost during COMMIT finds the trial it already made.
      const token = randomUUID();
      return pg.tx(async (c) => {
        // Lock the study row first: every create and claim of this study waits here. Then look, in a second
        // statement: under READ COMMITTED only a new statement sees what the previous lock holder committed.
        const locked = await c.query('SELECT 1 FROM studies WHERE id = $1 FOR UPDATE', [studyId]);
        if (locked.rows.length === 0) throw new Error(`no study with id '${studyId}'`);
        const [mine] = (await c.query<{ number: number; params_json: string; retry_of: number | null }>(
          'SELECT number, params_json, retry_of FROM trials WHERE study_id = $1 AND claim_token = $2', [studyId, token],
        )).rows;
        if (mine) return { number: mine.number, params: JSON.parse(mine.params_json), retryOf: mine.retry_of };
        // Counted trials = every trial (next_trial: none is ever deleted alone) less the interrupted ones, which a
        // partial index lists: the claim costs the same at a million trials as at ten.
        const [row] = (await c.query<{ retry_number: number | null; retry_params: string | null; n: number }>(
          `SELECT r.number AS retry_number, r.params_json AS retry_params,
                  s.next_trial - (SELECT COUNT(*) FROM trials WHERE study_id = $1 AND ${interruptedSql()}) AS n
           FROM studies s LEFT JOIN LATERAL (${nextRetrySql('$1')}) r ON true WHERE s.id = $1`,
          [studyId],
        )).rows;
        if (row.retry_number !== null) {
          const params = JSON.parse(row.retry_params!);
          return { number: await insertTrial(c, studyId, { ...t, params, retryOf: row.retry_number }, token), params, retryOf: row.retry_number };
        }
        if (row.n >= nTrials) return null;
        return { number: await insertTrial(c, studyId, t, token), params: t.params, retryOf: t.retryOf };
      }, { retryAfterLostCommit: true });
    },
    async setRun(studyId, number, runId) {
      await pg.query('UPDATE trials SET run_id = $1 WHERE id = $2', [runId, trialId(studyId, number)]);
    },
    async report(studyId, number, step, value) {
      await pg.query(
        `WITH i AS (
           INSERT INTO trial_intermediate_values (trial_id, step, value) VALUES ($1, $2, $3)
           ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value
         )
         UPDATE trials SET last_step = $2, last_value = $3 WHERE id = $1 AND (last_step IS NULL OR last_step <= $2)`,
        [trialId(studyId, number), step, value],
      );
    },
    // One statement (atomic by itself, one round trip): the values are stored only if the trial was still running.
    finish: async (studyId, number, f) =>
      (await pg.query<{ n: number }>(
        `WITH u AS (
           UPDATE trials SET state = $2, values_json = $3, value0 = $4, error = $5, finished_at = $6, duration_ms = $7
           WHERE id = $1 AND state = 'running' RETURNING id
         ),
         v AS (
           INSERT INTO trial_values (trial_id, objective, value)
           SELECT u.id, x.k - 1, x.v FROM u, unnest($8::double precision[]) WITH ORDINALITY AS x(v, k)
           ON CONFLICT (trial_id, objective) DO UPDATE SET value = excluded.value
         )
         SELECT COUNT(*) AS n FROM u`,
        [trialId(studyId, number), fromState(f.state), f.values ? JSON.stringify(f.values) : null, f.values?.[0] ?? null, f.error, f.finishedAt,
          f.durationMs, f.values ?? []],
      ))[0].n === 1,
    async get(studyId, number) {
      const [r] = await pg.query<Raw>(`SELECT ${COLS} FROM trials WHERE study_id = $1 AND number = $2`, [studyId, number]);
      return r ? toTrialRow(r) : undefined;
    },
    // One statement, so one snapshot and one round trip: every worker reads this before each claim.
    async frozen(studyId, fromNumber = 0) {
      const rows = await pg.query<Raw & { steps: [number, number | null][] | null }>(
        `SELECT ${COLS}, (SELECT json_agg(json_build_array(v.step, v.value) ORDER BY v.step) FROM trial_intermediate_values v WHERE v.trial_id = t.id) AS steps
         FROM trials t WHERE study_id = $1 AND number >= $2 ORDER BY number`,
        [studyId, fromNumber],
      );
      return frozenTrials(rows, rows.flatMap((r) => (r.steps ?? []).map(([step, value]) => ({ number: r.number, step, value }))));
    },
    list: (studyId, q) =>
      pg.tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const values: unknown[] = [studyId];
        const bind = (v: unknown) => `$${values.push(v)}`;
        const where = ['study_id = $1'];
        if (q.states?.length) where.push(`state IN (${q.states.map((st) => bind(fromState(st))).join(', ')})`);
        if (q.minValue !== undefined) where.push(`value0 >= ${bind(q.minValue)}`);
        if (q.maxValue !== undefined) where.push(`value0 <= ${bind(q.maxValue)}`);
        const whereSql = where.join(' AND ');
        const total = (await c.query<{ n: number }>(`SELECT COUNT(*) AS n FROM trials WHERE ${whereSql}`, values)).rows[0].n;
        const page = await c.query<Raw>(`SELECT ${COLS} FROM trials WHERE ${whereSql} ORDER BY ${orderBy(q)} LIMIT ${bind(q.limit)} OFFSET ${bind(q.offset)}`, values);
        return { total, items: page.rows.map(toTrialRow) };
      }, { retryAfterLostCommit: true }),
    counts: async (studyId) => countTrials(await pg.query<{ state: string; n: number }>('SELECT state, COUNT(*) AS n FROM trials WHERE study_id = $1 GROUP BY state', [studyId])),
    running: async (studyId) =>
      (await pg.query<{ number: number; owner_id: string | null }>(`SELECT number, owner_id FROM trials WHERE study_id = $1 AND state = 'running' ORDER BY number`, [studyId]))
        .map((r) => ({ number: r.number, ownerId: r.owner_id })),
    lite: async (studyId) =>
      (await pg.query<LiteRaw>(`SELECT ${LITE_COLS} FROM trials WHERE study_id = $1 ORDER BY number`, [studyId])).map(toLite),
    async intermediate(studyId, numbers) {
      const out = new Map<number, { steps: number[]; values: number[] }>();
      for (const n of numbers) out.set(n, { steps: [], values: [] });
      if (numbers.length === 0) return out;
      const rows = await pg.query<{ trial_id: string; step: number; value: number | null }>(
        'SELECT trial_id, step, value FROM trial_intermediate_values WHERE trial_id = ANY($1::text[]) AND value IS NOT NULL ORDER BY trial_id, step',
        [numbers.map((n) => trialId(studyId, n))],
      );
      const byId = new Map(numbers.map((n) => [trialId(studyId, n), out.get(n)!]));
      for (const r of rows) {
        const curve = byId.get(r.trial_id)!;
        curve.steps.push(r.step);
        curve.values.push(r.value as number);
      }
      return out;
    },
    retried: async (studyId) =>
      new Set((await pg.query<{ r: number }>('SELECT retry_of AS r FROM trials WHERE study_id = $1 AND retry_of IS NOT NULL', [studyId])).map((r) => r.r)),
    epochsTrained: async (studyId) =>
      (await pg.query<{ n: number | null }>('SELECT SUM(r.epochs_done) AS n FROM trials t JOIN runs r ON r.id = t.run_id WHERE t.study_id = $1', [studyId]))[0]?.n ?? 0,
  };
}
