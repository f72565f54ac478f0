-- Schema 2: substring search over runs without a full table scan.
-- LIKE '%term%' cannot use a b-tree index, so with 10,000+ runs every keystroke
-- in the search box read the whole runs table. A trigram FTS5 index answers a
-- substring query (3+ characters, case-insensitive, Unicode-aware) from the index.
-- The table keeps its own copy of the text (not external content) because the
-- tags column is indexed as plain words, not as the JSON stored in runs.
-- rowid = runs.seq, which is an INTEGER PRIMARY KEY and so stable across VACUUM.

CREATE VIRTUAL TABLE runs_fts USING fts5 (name, id, notes, tags, tokenize = 'trigram');

INSERT INTO runs_fts (rowid, name, id, notes, tags)
  SELECT seq, name, id, notes, (SELECT group_concat(value, ' ') FROM json_each(runs.tags)) FROM runs;

CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
  INSERT INTO runs_fts (rowid, name, id, notes, tags)
    VALUES (new.seq, new.name, new.id, new.notes, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;

CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
  DELETE FROM runs_fts WHERE rowid = old.seq;
END;

-- Only the searched columns: status/metrics updates during training stay cheap.
CREATE TRIGGER runs_fts_update AFTER UPDATE OF name, id, notes, tags ON runs BEGIN
  DELETE FROM runs_fts WHERE rowid = old.seq;
  INSERT INTO runs_fts (rowid, name, id, notes, tags)
    VALUES (new.seq, new.name, new.id, new.notes, (SELECT group_concat(value, ' ') FROM json_each(new.tags)));
END;
