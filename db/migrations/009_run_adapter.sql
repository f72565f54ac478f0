-- Schema 9: a run records where it trained, not only the backend's name: the
-- GPU adapter of a webgpu run (vendor, architecture, device, driver, software)
-- and the backends tried, each skipped one with why, the one used with why it
-- was chosen (main/backend/select.ts). Both are JSON text (db/sqlite/run-row.ts):
-- NULL means never recorded (every run stored before this schema), the JSON
-- 'null' an adapter-less backend (wasm, cpu, tensorflow).
ALTER TABLE runs ADD COLUMN adapter        TEXT;
ALTER TABLE runs ADD COLUMN backends_tried TEXT;
