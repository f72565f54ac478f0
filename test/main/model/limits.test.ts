/**
 * Model limits (main/limits.ts): residual nesting, layers in all and parameters
 * are refused with a clear message by analyseSpec (what models.count, runs.start,
 * studies and compression call) and by the builder, and an imported model over
 * the parameter limit is refused from its manifest before its weights are read.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ApiError } from '../../../main/api/errors.ts';
import type { Layer, ModelSpec } from '../../../main/api/schemas.ts';
import { MAX_MODEL_LAYERS, MAX_MODEL_PARAMS, MAX_RESIDUAL_DEPTH } from '../../../main/limits.ts';
import { buildModel } from '../../../main/model/builder.ts';
import { analyseSpec } from '../../../main/model/counts.ts';
import { loadModelFiles } from '../../../main/model/io.ts';

before(async () => {
  await tf.setBackend('cpu');
});

/** `depth` residual blocks, each the only layer of the one around it. */
function nested(depth: number): ModelSpec {
  let layer: Layer = { kind: 'dense', units: 4, activation: 'relu', useBias: true };
  for (let i = 0; i < depth; i++) layer = { kind: 'residual', layers: [layer], activation: 'relu' };
  return { layers: [layer] };
}

const io = { inputShape: [4], outputUnits: 3, task: 'classification' as const };

test(`residual nesting: ${MAX_RESIDUAL_DEPTH} levels build, one more and 10,000 are refused without exhausting the stack`, () => {
  const deepest = analyseSpec(nested(MAX_RESIDUAL_DEPTH), io.inputShape, io.outputUnits);
  assert.ok(deepest.ok, deepest.ok ? '' : deepest.error);
  const model = buildModel(nested(MAX_RESIDUAL_DEPTH), io, 1);
  model.dispose();
  for (const depth of [MAX_RESIDUAL_DEPTH + 1, 10_000]) {
    const r = analyseSpec(nested(depth), io.inputShape, io.outputUnits);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, new RegExp(`^layer 1 \\(residual\\).* nests residual blocks more than ${MAX_RESIDUAL_DEPTH} deep \\(the limit, MAX_RESIDUAL_DEPTH\\)`));
    assert.throws(() => buildModel(nested(depth), io, 1), (e: unknown) => e instanceof ApiError && e.code === 'cannot_build' && /MAX_RESIDUAL_DEPTH/.test(e.message));
  }
});

test(`more than ${MAX_MODEL_LAYERS} layers in all (residual bodies included) are refused`, () => {
  const dropout: Layer = { kind: 'dropout', rate: 0.1 };
  const half = Math.ceil(MAX_MODEL_LAYERS / 2);
  const ok = analyseSpec({ layers: Array.from({ length: MAX_MODEL_LAYERS }, () => dropout) }, [4], 2);
  assert.ok(ok.ok);
  const spec: ModelSpec = { layers: [...Array.from({ length: half }, () => dropout), { kind: 'residual', activation: 'relu', layers: Array.from({ length: half }, () => dropout) }] };
  const r = analyseSpec(spec, [4], 2);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /more than 1,000 layers, residual bodies included \(the limit, MAX_MODEL_LAYERS\)/);
});

test(`a model over ${MAX_MODEL_PARAMS.toLocaleString('en-US')} parameters is refused before anything is allocated`, () => {
  // 1000 inputs → dense 50,000 is 50,050,000 parameters before the head.
  const big: ModelSpec = { layers: [{ kind: 'dense', units: 50_000, activation: 'relu', useBias: true }] };
  const r = analyseSpec(big, [1000], 10);
  assert.equal(r.ok, false);
  assert.match(r.ok ? '' : r.error, /^the model has 50,550,010 parameters, more than the limit of 50,000,000 \(MAX_MODEL_PARAMS/);
  assert.throws(() => buildModel(big, { inputShape: [1000], outputUnits: 10, task: 'classification' }, 1), (e: unknown) => e instanceof ApiError && e.code === 'cannot_build');
  const under = analyseSpec({ layers: [{ kind: 'dense', units: 49_000, activation: 'relu', useBias: true }] }, [1000], 10);
  assert.ok(under.ok && under.paramCount <= MAX_MODEL_PARAMS);
});

test('an imported model.json over the parameter limit is refused from its manifest (too_large), weights unread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-limits-'));
  try {
    const manifest = [{ paths: ['weights.bin'], weights: [{ name: 'd/kernel', shape: [10_000, 6_000], dtype: 'float32' }] }];
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: {}, format: 'layers-model', weightsManifest: manifest }));
    // No weights.bin: the refusal must come before any read of it.
    await assert.rejects(loadModelFiles(dir), (e: unknown) => e instanceof ApiError && e.code === 'too_large' && /60,000,000 weights.*MAX_MODEL_PARAMS/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
