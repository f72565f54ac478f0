/**
 * BatchMatMul / _FusedMatMul with transposed operands.
 *
 * tfjs-backend-wasm sends only un-transposed products to XNNPACK; with
 * transposeA or transposeB it falls back to a naive loop that measured ~10x
 * slower (10816x144x32: 35 ms vs 3 ms). Backprop through every dense layer
 * asks for exactly those products (dA = dy·Bᵀ, dB = Aᵀ·dy), so we copy the
 * transposed operand once (cheap, O(n)) and take the fast path.
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { call, f32, release, wasmKernel } from './heap.ts';
import type { WasmBackend } from './heap.ts';

function swapLastTwo(transpose: KernelFunc, backend: WasmBackend, t: TensorInfo): TensorInfo {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return call(transpose, backend, { x: t }, { perm });
}

/** Wraps a wasm matmul kernel (BatchMatMul or _FusedMatMul) so that it never sees a transpose flag. */
export function withoutTransposeFlags(original: KernelFunc): KernelFunc {
  const transpose = wasmKernel('Transpose');
  return (args) => {
    const attrs = args.attrs as { transposeA?: boolean; transposeB?: boolean } | undefined;
    if (!attrs || (!attrs.transposeA && !attrs.transposeB)) return original(args);
    const backend = args.backend as unknown as WasmBackend;
    const inputs = { ...(args.inputs as Record<string, TensorInfo>) };
    const temps: TensorInfo[] = [];
    if (attrs.transposeA) temps.push((inputs.a = swapLastTwo(transpose, backend, inputs.a)));
    if (attrs.transposeB) temps.push((inputs.b = swapLastTwo(transpose, backend, inputs.b)));
    try {
      return original({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      release(backend, ...temps);
    }
  };
}

/** Below this many multiply-adds per batch entry the naive loop beats B separate calls (their overhead is ~0.1 ms). */
const MIN_MACS_PER_ENTRY = 16_384;

/**
 * tfjs-backend-wasm runs a product whose right operand has its own batch
 * ([B, M, K] × [B, K, N]: every attention score and context product, and their
 * gradients) as a naive loop, ~1.5 GFLOP/s here, while a single [M, K] × [K, N]
 * product goes to XNNPACK, ~9 GFLOP/s even when called once per batch entry
 * (128 × 256×16×256: 182 ms batched, 30 ms as 128 calls). So a batched product
 * with equal batch dimensions runs as B single products, each entry's operands
 * copied into two reused buffers and its result into its place in one output. Broadcast batches and small products go to the
 * original kernel. Wrap inside withoutTransposeFlags (it never sees a flag).
 */
export function batchAsSingles(original: KernelFunc): KernelFunc {
  return (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const rank = a.shape.length;
    const lead = a.shape.slice(0, -2);
    const batch = lead.reduce((x, y) => x * y, 1);
    const [M, K] = a.shape.slice(-2) as [number, number];
    const N = b.shape[rank - 1] as number;
    const sameBatch = b.shape.length === rank && rank >= 3 && lead.every((d, i) => d === b.shape[i]);
    if (!sameBatch || batch < 2 || a.dtype !== 'float32' || b.dtype !== 'float32' || M * K * N < MIN_MACS_PER_ENTRY) return original(args);
    const backend = args.backend as unknown as WasmBackend;
    const out = backend.makeOutput([...lead, M, N], 'float32');
    for (let i = 0; i < batch; i++) {
      // Fresh operands per entry: XNNPACK keeps the packed right operand by tensor id, so a reused
      // buffer would be multiplied as it was first packed. (wasm's Slice copies far slower than a set.)
      const ai = backend.makeOutput([1, M, K], 'float32');
      const bi = backend.makeOutput([1, K, N], 'float32');
      // Views are taken after every allocation before them: a growing heap makes older views stale.
      f32(backend, ai).set(f32(backend, a).subarray(i * M * K, (i + 1) * M * K));
      f32(backend, bi).set(f32(backend, b).subarray(i * K * N, (i + 1) * K * N));
      const ci = original({ ...args, inputs: { a: ai, b: bi } }) as TensorInfo;
      f32(backend, out).set(f32(backend, ci), i * M * N);
      release(backend, ai, bi, ci);
    }
    return out;
  };
}
