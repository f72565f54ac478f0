import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { MODEL_PRESETS } from '../../../main/model/presets.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { cli, tempDir } from './helpers.ts';

test('presets lists every preset with its size on a typical input; --json gives the full specs', async (t) => {
  const home = ['--home', join(tempDir(t), 'home')];
  const text = await cli(['presets', ...home]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.lines[0], /^ID\s+NAME\s+INPUT\s+PARAMS\s+ON\s+DESCRIPTION$/);
  for (const preset of MODEL_PRESETS) {
    const typical = { image: [[28, 28, 1], 10], text: [[128], 2], series: [[28, 1], 7] } as Record<string, [number[], number]>;
    const [shape, units] = typical[preset.inputKind] ?? [[20], 3];
    const count = analyseSpec(preset.spec, shape, units);
    assert.ok(count.ok, preset.id);
    assert.match(text.stdout, new RegExp(`^${preset.id}\\s+.*\\s${preset.inputKind}\\s+${count.paramCount.toLocaleString('en-US')}\\s`, 'm'), preset.id);
  }
  const json = await cli(['presets', '--json', ...home]);
  const rows = json.lines.map((l) => JSON.parse(l));
  assert.deepEqual(rows.map((r) => r.id), MODEL_PRESETS.map((p) => p.id));
  assert.deepEqual(rows[0].spec, MODEL_PRESETS[0].spec);
  assert.equal(typeof rows[0].paramCount, 'number');
});
