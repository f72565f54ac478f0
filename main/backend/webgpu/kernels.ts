/**
 * Kernels we change on tfjs-backend-webgpu so that it trains as the cpu and
 * wasm backends do. Every kernel our layers, optimizers and training aids use
 * is checked against 'cpu' in test/main/backend/webgpu/kernels.test.ts; all
 * gradient kernels exist on webgpu (unlike wasm), and one differed:
 *
 * MaxPoolGrad: the webgpu shader finds each window's maximum with `>=`, so on a
 * tie the gradient goes to the last maximum; cpu (and our wasm kernel) give it
 * to the first. We run the same shader with a strict `>` after the first value.
 * (Ties at ReLU's zeros carry no gradient either way; ties elsewhere would make
 * a webgpu run drift from its wasm replay.)
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

const BACKEND = 'webgpu';

/** The positions shader of tfjs-backend-webgpu 4.22's Pool2DProgram ('max', computePositions). */
const LAST_MAX = /let currMaxValue = mix\(value, maxValue, maxValueFound\);\s*if \(value >= currMaxValue\) \{/;
const FIRST_MAX = 'if (maxValueFound == 0.0 || value > maxValue) {';

type Program = { shaderKey: string; getUserCode(): string };
type ProgramRunner = { runWebGPUProgram(program: Program, ...rest: unknown[]): tf.TensorInfo };

/** The shader text with the first maximum chosen; throws if tfjs' shader is not the one this was written for. */
export function firstMaxShader(code: string): string {
  if (!LAST_MAX.test(code)) throw new Error('tfjs-backend-webgpu max-pool positions shader changed; update main/backend/webgpu/kernels.ts');
  return code.replace(LAST_MAX, FIRST_MAX);
}

/** tfjs' MaxPoolGrad with its positions program switched to the first maximum (and its own pipeline cache key). */
function firstMaxPoolGrad(original: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as unknown as ProgramRunner;
    const run = backend.runWebGPUProgram;
    // An own property for the duration of this synchronous call; the prototype's method is untouched.
    backend.runWebGPUProgram = function (this: ProgramRunner, program: Program, ...rest: unknown[]) {
      if (program.shaderKey.startsWith('pool2D_max_true')) {
        const userCode = program.getUserCode.bind(program);
        program.getUserCode = () => firstMaxShader(userCode());
        program.shaderKey = `${program.shaderKey}_firstMax`;
      }
      return run.call(this, program, ...rest);
    };
    try {
      return original(args);
    } finally {
      delete (backend as Partial<ProgramRunner>).runWebGPUProgram;
    }
  };
}

let registered = false;

/** Idempotent. Needs tfjs-backend-webgpu's kernels registered (its import). */
export function registerWebGpuKernels(): void {
  if (registered) return;
  const original = tf.getKernel('MaxPoolGrad', BACKEND) as KernelConfig | undefined;
  if (!original) throw new Error("tfjs-backend-webgpu has no MaxPoolGrad kernel; import '@tensorflow/tfjs-backend-webgpu' first");
  tf.unregisterKernel('MaxPoolGrad', BACKEND);
  tf.registerKernel({ ...original, kernelFunc: firstMaxPoolGrad(original.kernelFunc) });
  registered = true;
}

/** Names of the kernels this module replaces (for diagnostics and tests). */
export const WEBGPU_KERNELS = ['MaxPoolGrad'] as const;
