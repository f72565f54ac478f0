/**
 * Storage benchmark of studies: 10,000 synthetic trials (params, values,
 * intermediate values) written straight into SQLite, then the queries the
 * Live study / Study compare screens make, timed through engine.call (so
 * argument validation and JSON shaping are included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/sqlite/database.ts';
import { createTrialStore } from '../db/sqlite/trials.ts';
import type { Method, Params } from '../main/api/contract.ts';
import { createEngine } from '../main/engine/engine.ts';
import { median } from '../main/util/stats.ts';
import { createRng } from '../main/util/rng.ts';

const TRIALS = 10_000;
const STEPS = 10;
const REPEATS = 7;

export async function storageBench(backend: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'mb-bench-storage-'));
  const engine = await createEngine({ home, workers: 1, backend });
  try {
    const study = await engine.call('studies.create', { config: {
      name: 'synthetic', sampler: 'random', objectives: [{ kind: 'value', direction: 'maximize' }],
      space: { params: { lr: { kind: 'float', low: 1e-5, high: 1, log: true }, units: { kind: 'int', low: 8, high: 512 }, act: { kind: 'categorical', choices: ['relu', 'tanh', 'elu'] }, dropout: { kind: 'float', low: 0, high: 0.5 } } },
    } });
    // A second connection, as another process would have: the engine reads what it committed.
    const db = openDatabase(join(home, 'modelbench.db'));
    const trials = createTrialStore(db);
    const rng = createRng(1);
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    db.transaction(() => {
      for (let n = 0; n < TRIALS; n++) {
        const params = { lr: Math.exp(Math.log(1e-5) + rng.next() * Math.log(1e5)), units: 8 + rng.int(505), act: ['relu', 'tanh', 'elu'][rng.int(3)], dropout: rng.next() * 0.5 };
        trials.create(study.id, { params, worker: n % 8, retryOf: null, startedAt: new Date(t0 + n * 1000).toISOString(), ownerId: null });
        const quality = 1 - Math.abs(Math.log10(params.lr) + 2.5) / 4;
        const pruned = rng.next() < 0.4;
        const steps = pruned ? 1 + rng.int(STEPS - 1) : STEPS;
        for (let s = 1; s <= steps; s++) trials.report(study.id, n, s, quality * (1 - Math.exp(-s / 3)) + rng.normal() * 0.01);
        const state = n >= TRIALS - 8 ? null : pruned ? 'pruned' : rng.next() < 0.03 ? 'failed' : 'complete';
        if (state) trials.finish(study.id, n, {
          state, values: state === 'complete' ? [quality + rng.normal() * 0.01] : null, error: state === 'failed' ? 'synthetic failure' : null,
          finishedAt: new Date(t0 + n * 1000 + 5000).toISOString(), durationMs: 5000 + rng.int(1000),
        });
      }
    })();
    db.close();

    const time = async <M extends Method>(method: M, params: Params<M>) => {
      const ms: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        const a = performance.now();
        await engine.call(method, params);
        ms.push(performance.now() - a);
      }
      return Number(median(ms).toFixed(1));
    };
    const id = study.id;
    const rows = [
      { query: 'trials page, by number', ms: await time('studies.trials', { studyId: id, limit: 100 }), targetMs: 50 },
      { query: 'trials page 50, sorted by value desc', ms: await time('studies.trials', { studyId: id, sort: 'value', order: 'desc', offset: 5000, limit: 100 }), targetMs: 50 },
      { query: 'trials sorted by duration asc', ms: await time('studies.trials', { studyId: id, sort: 'durationMs', order: 'asc', limit: 100 }), targetMs: 50 },
      { query: 'filter complete, value ≥ 0.8, by value', ms: await time('studies.trials', { studyId: id, states: ['complete'], minValue: 0.8, sort: 'value', order: 'desc', limit: 100 }), targetMs: 50 },
      { query: 'studies.get (best, Pareto)', ms: await time('studies.get', { studyId: id }), targetMs: 50 },
      { query: 'history chart data (500 curves)', ms: await time('studies.history', { studyId: id }), targetMs: 100 },
      { query: 'importance (PED-ANOVA)', ms: await time('studies.importance', { studyId: id }), targetMs: 1000 },
    ];
    return { trials: TRIALS, intermediatePerTrial: `≤${STEPS}`, repeats: REPEATS, rows, pass: rows.every((r) => r.ms < r.targetMs) };
  } finally {
    await engine.close();
    rmSync(home, { recursive: true, force: true });
  }
}
