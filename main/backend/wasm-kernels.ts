/**
 * Kernels we register on tfjs-backend-wasm so that it can train conv nets,
 * and train them fast. Every replacement is checked against the 'cpu'
 * backend in test/main/backend/wasm-kernels.test.ts.
 *
 * Added (missing in wasm): Conv2DBackpropFilter,
 *   DepthwiseConv2dNativeBackpropFilter, DepthwiseConv2dNativeBackpropInput;
 *   and our own conv + bias + activation kernel with its gradient
 *   (wasm/conv-bias-activation.ts).
 * Replaced (present but slow): Conv2DBackpropInput (stride 1),
 *   BatchMatMul and _FusedMatMul with transpose flags, BatchMatMul with a
 *   batched right operand (as one XNNPACK product per entry), MaxPoolGrad,
 *   Sum over leading axes, Add of a row vector (bias), Identity and Cast to
 *   the same dtype (share instead of copying).
 * The conv filter gradient and the memory-bound loops (pooling gradient,
 * bias sums and adds) run in our own SIMD wasm module on the backend's heap
 * (wasm/simd/).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { addRowVector } from './wasm/add.ts';
import { convBiasActivationKernels } from './wasm/conv-bias-activation.ts';
import { conv2DBackpropFilter, conv2DBackpropInput } from './wasm/conv.ts';
import { depthwiseBackpropFilter, depthwiseBackpropInput } from './wasm/depthwise.ts';
import { sharedCast, sharedIdentity } from './wasm/identity.ts';
import { batchAsSingles, withoutTransposeFlags } from './wasm/matmul.ts';
import { maxPoolGrad } from './wasm/pool.ts';
import { sumLeadingAxes } from './wasm/reduce.ts';

const BACKEND = 'wasm';
let originals: Map<string, KernelConfig> | null = null;

function original(name: string): KernelConfig {
  const k = tf.getKernel(name, BACKEND);
  if (!k) throw new Error(`tfjs-backend-wasm has no ${name} kernel; import '@tensorflow/tfjs-backend-wasm' first`);
  return k;
}

/** Registers, or replaces keeping the original setupFunc (wasm binds its C++ entry points there). */
function put(name: string, kernelFunc: KernelFunc): void {
  const prev = originals?.get(name);
  if (tf.getKernel(name, BACKEND)) tf.unregisterKernel(name, BACKEND);
  tf.registerKernel({ kernelName: name, backendName: BACKEND, kernelFunc, setupFunc: prev?.setupFunc, disposeFunc: prev?.disposeFunc });
}

/** Idempotent. Needs the wasm kernels to be registered (import of '@tensorflow/tfjs-backend-wasm'). */
export function registerWasmGradientKernels(): void {
  if (originals) return;
  const names = ['Add', 'BatchMatMul', 'Cast', '_FusedMatMul', 'Conv2D', 'FusedConv2D', 'Conv2DBackpropInput', 'Transpose', 'MaxPoolGrad', 'Sum', 'Identity'];
  originals = new Map(names.map((n) => [n, original(n)]));
  const o = (n: string) => (originals as Map<string, KernelConfig>).get(n)!.kernelFunc;

  put('Add', addRowVector(o('Add')));
  put('BatchMatMul', withoutTransposeFlags(batchAsSingles(o('BatchMatMul'))));
  put('_FusedMatMul', withoutTransposeFlags(o('_FusedMatMul')));
  put('Conv2DBackpropFilter', conv2DBackpropFilter);
  put('Conv2DBackpropInput', conv2DBackpropInput(o('Conv2D'), o('Conv2DBackpropInput')));
  put('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter);
  put('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput);
  put('MaxPoolGrad', maxPoolGrad);
  put('Sum', sumLeadingAxes(o('Sum')));
  put('Identity', sharedIdentity(o('Identity')));
  put('Cast', sharedCast(o('Cast')));
  // A conv layer's conv + bias + ReLU as one kernel under the tape (main/model/layers/conv2d.ts).
  const fused = convBiasActivationKernels(o('FusedConv2D'));
  for (const k of fused.kernels) put(k.kernelName, k.kernelFunc);
  tf.registerGradient(fused.gradient);
}

/** Names of the kernels this module registers or replaces (for diagnostics and tests). */
export const WASM_KERNELS = [
  'Add', 'BatchMatMul', 'Cast', '_FusedMatMul', 'Conv2DBackpropFilter', 'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'MaxPoolGrad', 'Sum', 'Identity',
  'ModelbenchConv2DBiasActivation', 'ModelbenchBiasActivationGrad',
] as const;
