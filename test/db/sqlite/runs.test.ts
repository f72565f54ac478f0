/**
 * One mapping from a new run to its row (insertColumns), shared by the SQLite
 * and PostgreSQL stores: it fills every column of runs, so a column added by a
 * migration cannot be written by one store and forgotten by the other.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createSqliteStore } from '../../../db/sqlite/index.ts';
import { INSERT_COLUMNS, insertColumns } from '../../../db/sqlite/runs.ts';
import { makeRun, tempDir } from '../helpers.ts';

const tmp = tempDir();
after(() => tmp.cleanup());

test('insertColumns fills every column of runs but seq, for a full run and for a bare one', async () => {
  const store = createSqliteStore(join(tmp.dir, 'columns.db'));
  try {
    const table = (store.db.prepare('PRAGMA table_info(runs)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'seq');
    assert.deepEqual([...INSERT_COLUMNS].sort(), table.sort());
    const full = makeRun('r1', 'ds', { adapter: null, backendsTried: [] });
    const { adapter: _a, backendsTried: _b, metrics: _m, startedAt: _s, ...bare } = makeRun('r2', 'ds');
    for (const record of [full, bare]) {
      const row = insertColumns({ record: record as never, artifactDir: '/r', ownerId: null });
      assert.deepEqual(Object.keys(row).sort(), [...INSERT_COLUMNS].sort(), `every column is given a value (${record.id})`);
    }
    assert.equal(insertColumns({ record: bare as never, artifactDir: '/r', ownerId: null }).adapter, null, 'not recorded: NULL');
    assert.equal(insertColumns({ record: full, artifactDir: '/r', ownerId: null }).adapter, 'null', 'no adapter: JSON null');
  } finally {
    await store.close();
  }
});
