/**
 * Schema 10: SQLite's trials.claimNext reads only the interrupted trials (a
 * partial index, as PostgreSQL's migration 004), never every trial of the study.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Db } from '../../../db/sqlite/database.ts';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { schemaVersion } from '../../../db/sqlite/migrate.ts';
import { createTrialStore } from '../../../db/sqlite/trials.ts';
import { INTERRUPTED_TRIAL_PREFIX } from '../../../db/store.ts';
import { createSchemaFixture, tempDir } from '../helpers.ts';
import { makeStudy } from '../store-contract.ts';

const T0 = '2026-01-01T00:00:00.000Z';

/** The db, with every statement that runs (get/all/run/iterate) recorded by its SQL. */
function recording(db: Db): { db: Db; executed: Set<string> } {
  const executed = new Set<string>();
  const wrap = (sql: string, stmt: object) =>
    new Proxy(stmt, {
      get(target, key) {
        const v = Reflect.get(target, key, target);
        if (typeof v !== 'function') return v;
        return (...args: unknown[]) => {
          if (key === 'get' || key === 'all' || key === 'run' || key === 'iterate') executed.add(sql);
          return v.apply(target, args);
        };
      },
    });
  const proxy = new Proxy(db, {
    get(target, key) {
      if (key === 'prepare') return (sql: string) => wrap(sql, target.prepare(sql));
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return { db: proxy, executed };
}

/** How SQLite reads the trials table in a statement: one line per access ('SEARCH t USING INDEX … (…)'). */
function trialAccesses(db: Db, sql: string): string[] {
  const binds = sql.includes('@studyId') ? [{ studyId: 's' }] : sql.includes('?') ? Array.from(sql.matchAll(/\?/g), () => 's') : [];
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...binds) as { detail: string }[];
  return plan.map((p) => p.detail).filter((d) => /^(SCAN|SEARCH) (trials|t|r)\b/.test(d));
}

describe('schema 10: claims read the interrupted trials through a partial index', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());

  test('every statement of a claim reads trials through trials_interrupted, trials_retry or a key, never the whole study', async () => {
    const store = createSqliteStore(join(tmp.dir, 'plan.db'));
    try {
      await store.studies.insert(makeStudy('s'));
      const { db, executed } = recording(store.db);
      const trials = createTrialStore(db);
      trials.claimNext('s', { params: { x: 1 }, worker: 0, retryOf: null, startedAt: T0, ownerId: 'w' }, 3);
      const reads = [...executed].filter((sql) => /^\s*(WITH|SELECT)/i.test(sql));
      assert.ok(reads.length >= 2, `the claim reads the retry and the count: ${reads.join('\n')}`);
      const accesses = reads.flatMap((sql) => trialAccesses(store.db, sql));
      for (const a of accesses) {
        const ok = /USING (COVERING )?INDEX trials_(interrupted|retry) /.test(a)
          // The next number: MAX(number) from the (study_id, number) key, answered by one seek.
          || /USING COVERING INDEX sqlite_autoindex_trials_2 \(study_id=\?\)$/.test(a);
        assert.ok(ok, `a claim read trials as '${a}'`);
      }
      assert.ok(accesses.filter((a) => a.includes('trials_interrupted')).length >= 2, `the retry and the count use the partial index: ${accesses.join('; ')}`);
    } finally {
      await store.close();
    }
  });

  test('a schema-9 database upgrades: its interrupted trial is re-run first, and it does not count towards nTrials', async () => {
    const file = join(tmp.dir, 'v9.db');
    createSchemaFixture(file, 9, (db) => {
      db.prepare(`INSERT INTO studies (id, name, status, created_at) VALUES ('old', 'old study', 'interrupted', ?)`).run(T0);
      const ins = db.prepare(`INSERT INTO trials (id, study_id, number, state, params_json, error, started_at) VALUES (?, 'old', ?, ?, ?, ?, ?)`);
      ins.run('old#0', 0, 'complete', '{"x":0}', null, T0);
      ins.run('old#1', 1, 'fail', '{"x":1}', `${INTERRUPTED_TRIAL_PREFIX}the process stopped`, T0);
      ins.run('old#2', 2, 'fail', '{"x":2}', 'the program exited with 1', T0);
      ins.run('old#3', 3, 'fail', '{"x":3}', `${INTERRUPTED_TRIAL_PREFIX}its worker was gone`, T0);
    });
    const store = createSqliteStore(file);
    try {
      assert.ok(schemaVersion(store.db) >= 10);
      const names = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trials'`).pluck().all();
      assert.ok(names.includes('trials_interrupted') && names.includes('trials_retry'), names.join());
      const t = { params: { x: 9 }, worker: 0, retryOf: null, startedAt: T0, ownerId: 'w' };
      // Counted: 0 and 2 (a failure of its own counts); 1 and 3 are re-run, lowest first, with their params.
      assert.deepEqual(await store.trials.claimNext('old', t, 3), { number: 4, params: { x: 1 }, retryOf: 1 });
      assert.deepEqual(await store.trials.claimNext('old', t, 3), { number: 5, params: { x: 3 }, retryOf: 3 });
      // Counted now: 0, 2, 4, 5 ≥ 3: full, though six numbers are taken.
      assert.equal(await store.trials.claimNext('old', t, 3), null);
      assert.deepEqual(await store.trials.claimNext('old', t, 5), { number: 6, params: { x: 9 }, retryOf: null });
      assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      await store.close();
    }
  });
});
