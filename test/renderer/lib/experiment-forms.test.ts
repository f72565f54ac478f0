import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelSpec } from '../../../main/api/schemas.ts';
import { builderErrors, defaultForm, parseLayers, parseTargets, planRequests, scaleSpec, studentSpec } from '../../../renderer/src/lib/experiment-forms.ts';

const teacher: ModelSpec = {
  name: 'cnn',
  layers: [
    { kind: 'conv2d', filters: 16, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
    { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 3, activation: 'relu', useBias: true }] },
    { kind: 'flatten' },
    { kind: 'dense', units: 64, activation: 'relu', useBias: true },
  ],
};

test('targets parse as a list; what is not a number is reported', () => {
  assert.deepEqual(parseTargets('0.5'), [0.5]);
  assert.deepEqual(parseTargets('0.5, 0.7 0.9;0.5'), [0.5, 0.7, 0.9]);
  assert.match(parseTargets('0.5, half') as string, /'half' is not a number/);
  assert.match(parseTargets('  ') as string, /Enter a target/);
});

test('magnitude pruning: one request per target (ranges are checked by builderErrors)', () => {
  const form = { ...defaultForm(), sparsity: '0.5, 1.2', epochs: 2, schedule: 'oneshot' as const, scope: 'global' as const, name: 'sweep' };
  const plan = planRequests(form, 'run-1', teacher);
  assert.ok(plan.ok);
  assert.deepEqual(plan.requests.map((r) => r.method), ['compression.prune', 'compression.prune']);
  assert.deepEqual(plan.requests[0].params, { runId: 'run-1', method: 'magnitude', targetSparsity: 0.5, schedule: 'oneshot', scope: 'global', layers: undefined, epochs: 2, learningRate: undefined, name: 'sweep (0.5)' });
  assert.equal((plan.requests[1].params as { targetSparsity: number }).targetSparsity, 1.2);
});

test('structured, shrink and transfer map their fields; empty numbers fall back to engine defaults', () => {
  const structured = planRequests({ ...defaultForm(), method: 'structured', ratio: 0.3, criterion: 'bn', layers: 'conv2d_1, dense_2' }, 'r', teacher);
  assert.ok(structured.ok);
  assert.deepEqual(structured.requests[0].params, { runId: 'r', method: 'structured', targetSparsity: 0.3, criterion: 'bn', layers: ['conv2d_1', 'dense_2'], epochs: undefined, learningRate: undefined, name: undefined });
  assert.deepEqual(parseLayers(' a,b ; a '), ['a', 'b']);
  assert.equal(parseLayers('  '), undefined);
  const shrink = planRequests({ ...defaultForm(), method: 'shrink', tolerance: 0.02, maxCandidates: null }, 'r', teacher);
  assert.ok(shrink.ok);
  assert.deepEqual(shrink.requests[0], { method: 'compression.shrink', params: { runId: 'r', tolerance: 0.02, maxCandidates: undefined, epochs: undefined, name: undefined } });
  const transfer = planRequests({ ...defaultForm('ds-2'), method: 'finetune', freeze: 2, newHead: 'yes', learningRate: 0.001, scratch: false }, 'r', teacher);
  assert.ok(transfer.ok);
  assert.deepEqual(transfer.requests[0].params, { runId: 'r', datasetId: 'ds-2', freeze: 2, newHead: true, learningRate: 0.001, epochs: undefined, scratch: false, name: undefined });
  const noDataset = planRequests({ ...defaultForm(''), method: 'finetune' }, 'r', teacher);
  assert.equal(noDataset.ok, false);
});

test('students: a scaled teacher, a preset or JSON', () => {
  const half = scaleSpec(teacher, 0.5);
  assert.equal(half.name, 'cnn × 0.5');
  assert.deepEqual(half.layers.map((l) => (l.kind === 'conv2d' ? l.filters : l.kind === 'dense' ? l.units : l.kind)), [8, 'residual', 'flatten', 32]);
  const inner = half.layers[1];
  assert.ok(inner.kind === 'residual' && inner.layers[0].kind === 'dense' && inner.layers[0].units === 2);
  assert.equal((scaleSpec(teacher, 0.01).layers[3] as { units: number }).units, 1, 'never below one unit');

  const presets = [{ id: 'tiny', spec: { layers: [] } }];
  assert.deepEqual(studentSpec({ ...defaultForm(), student: 'preset:tiny' }, teacher, presets), { layers: [] });
  assert.match(studentSpec({ ...defaultForm(), student: 'preset:gone' }, teacher, presets) as string, /no longer available/);
  assert.deepEqual(studentSpec({ ...defaultForm(), student: 'json', studentJson: '{"layers":[{"kind":"flatten"}]}' }, teacher, []), { layers: [{ kind: 'flatten' }] });
  assert.match(studentSpec({ ...defaultForm(), student: 'json', studentJson: '{nope' }, teacher, []) as string, /does not parse/);
  assert.match(studentSpec({ ...defaultForm(), student: 'json', studentJson: '[1]' }, teacher, []) as string, /must be a model spec/);

  const distill = planRequests({ ...defaultForm(), method: 'distill', temperature: 2, alpha: 0.5 }, 'teacher-run', teacher);
  assert.ok(distill.ok);
  assert.equal(distill.requests[0].method, 'compression.distill');
  assert.equal((distill.requests[0].params as { teacherRunId: string }).teacherRunId, 'teacher-run');
  assert.equal(planRequests({ ...defaultForm(), method: 'distill', student: 'json', studentJson: 'x' }, 'r', teacher).ok, false);
});

test('the distillation form starts from the engine defaults', async () => {
  const { DistillRequest } = await import('../../../main/compression/requests.ts');
  const engine = DistillRequest.parse({ teacherRunId: 'run_x', student: { layers: [] } });
  const form = defaultForm();
  assert.equal(form.temperature, engine.temperature);
  assert.equal(form.alpha, engine.alpha);
});

test('field errors come from the engine request schemas and name the field to fix', () => {
  assert.deepEqual(builderErrors(defaultForm(), 'run-1', teacher), {}, 'the default form can start');
  assert.deepEqual(builderErrors({ ...defaultForm(), sparsity: '1.5' }, 'run-1', teacher), { sparsity: 'Must be less than 1' });
  assert.deepEqual(builderErrors({ ...defaultForm(), sparsity: '0.5, 1.2' }, 'run-1', teacher), { sparsity: '1.2: must be less than 1' });
  assert.deepEqual(builderErrors({ ...defaultForm(), sparsity: 'half' }, 'run-1', teacher), { sparsity: "'half' is not a number; targets are fractions such as 0.5 or 0.9." });
  assert.deepEqual(builderErrors({ ...defaultForm(), epochs: 0, learningRate: -1 }, 'run-1', teacher), { epochs: 'Must be at least 1', learningRate: 'Must be more than 0' });
  assert.deepEqual(builderErrors({ ...defaultForm(), epochs: 2.5 }, 'run-1', teacher), { epochs: 'Enter a whole number' });
  assert.deepEqual(builderErrors({ ...defaultForm(), method: 'structured', ratio: null }, 'run-1', teacher), { ratio: 'Enter a number' });
  assert.deepEqual(Object.keys(builderErrors({ ...defaultForm(), method: 'distill', alpha: 2, temperature: 0 }, 'run-1', teacher)).sort(), ['alpha', 'temperature']);
  assert.deepEqual(builderErrors({ ...defaultForm(), method: 'distill', student: 'json', studentJson: '{"layers": [{"kind": "dense", "units": 0}]}' }, 'run-1', teacher), { studentJson: 'Must be more than 0' });
  assert.deepEqual(Object.keys(builderErrors({ ...defaultForm(), method: 'distill', student: 'json', studentJson: 'x' }, 'run-1', teacher)), ['studentJson']);
  assert.deepEqual(builderErrors({ ...defaultForm(), method: 'finetune', freeze: -1, datasetId: 'ds' }, 'run-1', teacher), { freeze: 'Must be at least 0' });
  assert.deepEqual(builderErrors({ ...defaultForm(), method: 'finetune', datasetId: '' }, 'run-1', teacher), { datasetId: 'Choose the dataset to fine-tune or transfer to.' });
  assert.deepEqual(Object.keys(builderErrors({ ...defaultForm(), method: 'shrink', tolerance: -0.1, maxCandidates: 0 }, 'run-1', teacher)).sort(), ['maxCandidates', 'tolerance']);
});
