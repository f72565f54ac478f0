import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterLabel, describeAdapter } from '../../../../main/backend/webgpu/adapter.ts';
import { firstMaxShader } from '../../../../main/backend/webgpu/kernels.ts';
import { gpuJobSlots, gpuLockName } from '../../../../main/backend/webgpu/gpu-lock.ts';

test('software adapters are recognised from the fallback flag or the driver names', () => {
  // SwiftShader as Dawn reports it here (measured); lavapipe / llvmpipe by the device names Mesa gives them.
  const swiftshader = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };
  assert.deepEqual(describeAdapter(swiftshader), {
    vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', software: true,
  });
  assert.equal(describeAdapter({ vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 19.1.7, 256 bits)', description: 'Mesa 25.0.7' }).software, true);
  assert.equal(describeAdapter({ vendor: 'mesa', device: 'lavapipe', description: '' }).software, true);
  const nvidia = describeAdapter({ vendor: 'nvidia', architecture: 'ampere', device: 'NVIDIA GeForce RTX 3080', description: 'NVIDIA: 550.54', isFallbackAdapter: false });
  assert.equal(nvidia.software, false);
  assert.equal(adapterLabel(nvidia), 'nvidia ampere, NVIDIA GeForce RTX 3080 (NVIDIA: 550.54)');
  assert.equal(adapterLabel(describeAdapter(swiftshader)), 'google swiftshader, swiftshader-device-subzero- (SwiftShader driver 5.0.0), software');
  // Missing fields (older drivers) never throw and never read as undefined.
  assert.deepEqual(describeAdapter({}), { vendor: '', architecture: '', device: '', description: '', software: false });
  assert.equal(adapterLabel(describeAdapter({})), 'unknown GPU');
});

test('the max-pool positions shader is switched to the first maximum, and an unknown shader is refused', () => {
  const tfjsSnippet = `let value = getX(batch, xR, xC, d);
              let currMaxValue = mix(value, maxValue, maxValueFound);
      if (value >= currMaxValue) {
        maxValue = value;`;
  const fixed = firstMaxShader(tfjsSnippet);
  assert.match(fixed, /if \(maxValueFound == 0\.0 \|\| value > maxValue\) \{/);
  assert.doesNotMatch(fixed, />=/);
  assert.throws(() => firstMaxShader('fn main() {}'), /max-pool positions shader changed/);
});

test('GPU job slots: 1 by default, MODELBENCH_GPU_JOBS within 1..16, one lock name per adapter and slot', () => {
  assert.equal(gpuJobSlots({}), 1);
  assert.equal(gpuJobSlots({ MODELBENCH_GPU_JOBS: '3' }), 3);
  assert.equal(gpuJobSlots({ MODELBENCH_GPU_JOBS: '99' }), 16);
  for (const bad of ['0', '-2', '1.5', 'two', '']) assert.equal(gpuJobSlots({ MODELBENCH_GPU_JOBS: bad }), 1, bad);
  const a = describeAdapter({ vendor: 'nvidia', architecture: 'ampere', device: 'RTX 3080' });
  const b = describeAdapter({ vendor: 'nvidia', architecture: 'ampere', device: 'RTX 3090' });
  assert.notEqual(gpuLockName(a, 0), gpuLockName(b, 0));
  assert.notEqual(gpuLockName(a, 0), gpuLockName(a, 1));
});
