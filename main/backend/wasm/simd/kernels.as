// AssemblyScript source of our SIMD kernels for the wasm backend's heap.
// Compiled by build.ts into binary.ts (base64); never edit binary.ts by hand.
//
// The module imports tfjs-backend-wasm's own memory, so every pointer here
// is a byte offset of a tensor on that heap (or of a scratch buffer tfjs
// allocated): the kernels read and write tensors in place, with no copies.
// They allocate nothing and have no data segment or globals: nothing of
// tfjs's heap is touched but the buffers passed in.
//
// Why here and not in JS: these loops are memory-bound element-wise work over
// 10^5-10^6 floats per training step. In JS they run one float at a time, with
// a bounds check per access and, in the pooling gradient, a mispredicted
// branch per comparison; with 128-bit SIMD and branch-free selects they are
// 4-12x faster (measured per kernel in the modules that call them).

// ---------------------------------------------------------------------------
// Max-pooling gradient, windows that do not overlap (stride >= window).
// The gradient of each window goes to its first maximum in row-major scan
// order, comparing with strict > from -Infinity, as the cpu backend does:
// NaN never wins, and a window of only -Infinity/NaN passes no gradient.
// Four channels at a time: pass 1 finds each lane's maximum by that scan,
// pass 2 gives the gradient to the first tap equal to it (and > -Infinity).
// Every element a window covers is written (the gradient or +0); dx must be
// zeroed by the caller where no window covers it.
// ---------------------------------------------------------------------------

/** Writes the gradient of one window [h0, h1) x [w0, w1) for channels [c0, C). */
@inline
function poolWindow(x: usize, g: usize, dx: usize, rowBytes: usize, pixelBytes: usize, rows: i32, cols: i32, c0: i32, C: i32): void {
  const lanes = C & ~3;
  for (let c = c0; c < lanes; c += 4) {
    const o = <usize>c << 2;
    let m = f32x4.splat(-Infinity);
    for (let h = 0; h < rows; h++) {
      for (let w = 0; w < cols; w++) {
        const v = v128.load(x + <usize>h * rowBytes + <usize>w * pixelBytes + o);
        m = v128.bitselect(v, m, f32x4.gt(v, m));
      }
    }
    const gv = v128.load(g + o);
    // Lanes whose winner is not found yet; a lane of -Infinity/NaN only never finds one.
    let open = f32x4.gt(m, f32x4.splat(-Infinity));
    for (let h = 0; h < rows; h++) {
      for (let w = 0; w < cols; w++) {
        const at = <usize>h * rowBytes + <usize>w * pixelBytes + o;
        const hit = v128.and(open, f32x4.eq(v128.load(x + at), m));
        v128.store(dx + at, v128.and(gv, hit));
        open = v128.andnot(open, hit);
      }
    }
  }
  for (let c = lanes; c < C; c++) {
    const o = <usize>c << 2;
    let best = -Infinity;
    let at: isize = -1;
    for (let h = 0; h < rows; h++) {
      for (let w = 0; w < cols; w++) {
        const p = <usize>h * rowBytes + <usize>w * pixelBytes + o;
        const v = load<f32>(x + p);
        store<f32>(dx + p, 0);
        if (v > best) {
          best = v;
          at = <isize>p;
        }
      }
    }
    if (at >= 0) store<f32>(dx + <usize>at, load<f32>(g + o));
  }
}

/** 2x2 windows, the common case, unrolled: one pass, first maximum by strict > in scan order. */
@inline
function poolWindow2x2(x: usize, g: usize, dx: usize, rowBytes: usize, pixelBytes: usize, C: i32): void {
  const lanes = C & ~3;
  const p1 = pixelBytes;
  const p2 = rowBytes;
  const p3 = rowBytes + pixelBytes;
  for (let c = 0; c < lanes; c += 4) {
    const o = <usize>c << 2;
    const v0 = v128.load(x + o);
    const v1 = v128.load(x + p1 + o);
    const v2 = v128.load(x + p2 + o);
    const v3 = v128.load(x + p3 + o);
    let m = f32x4.splat(-Infinity);
    const k0 = f32x4.gt(v0, m);
    m = v128.bitselect(v0, m, k0);
    const k1 = f32x4.gt(v1, m);
    m = v128.bitselect(v1, m, k1);
    const k2 = f32x4.gt(v2, m);
    m = v128.bitselect(v2, m, k2);
    const k3 = f32x4.gt(v3, m);
    // Tap i wins where it beat everything before it and nothing after it beat it.
    const w2 = v128.andnot(k2, k3);
    const w1 = v128.andnot(v128.andnot(k1, k2), k3);
    const w0 = v128.andnot(v128.andnot(v128.andnot(k0, k1), k2), k3);
    const gv = v128.load(g + o);
    v128.store(dx + o, v128.and(gv, w0));
    v128.store(dx + p1 + o, v128.and(gv, w1));
    v128.store(dx + p2 + o, v128.and(gv, w2));
    v128.store(dx + p3 + o, v128.and(gv, k3));
  }
  if (lanes < C) poolWindow(x, g, dx, rowBytes, pixelBytes, 2, 2, lanes, C);
}

/**
 * x [B, H, W, C] (the pooling's input), g [B, OH, OW, C] (its output's
 * gradient) → dx [B, H, W, C]. Windows of fh x fw every (sh, sw), padded by
 * (top, left), with sh >= fh and sw >= fw.
 */
export function maxPoolGradNonOverlapping(
  x: usize, g: usize, dx: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
  fh: i32, fw: i32, sh: i32, sw: i32, top: i32, left: i32,
): void {
  const pixelBytes = <usize>C << 2;
  const rowBytes = <usize>W * pixelBytes;
  let go = g;
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = max(0, oh * sh - top);
      const h1 = min(H, oh * sh - top + fh);
      for (let ow = 0; ow < OW; ow++, go += pixelBytes) {
        const w0 = max(0, ow * sw - left);
        const w1 = min(W, ow * sw - left + fw);
        if (h1 <= h0 || w1 <= w0) continue;
        const at = (<usize>(b * H + h0) * <usize>W + <usize>w0) * pixelBytes;
        if (h1 - h0 == 2 && w1 - w0 == 2) poolWindow2x2(x + at, go, dx + at, rowBytes, pixelBytes, C);
        else poolWindow(x + at, go, dx + at, rowBytes, pixelBytes, h1 - h0, w1 - w0, 0, C);
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Sum over the leading axes: x [rows, cols] → out [cols] (bias gradients).
// Each column is summed in row order in doubles and rounded once, exactly as
// a scalar loop `acc[j] += x[i * cols + j]` over a Float64Array would: the
// dense stack's bias gradients (a JS loop) must equal the tape path's bit for bit.
// acc: scratch of cols doubles.
// ---------------------------------------------------------------------------
export function sumLeadingAxes(x: usize, out: usize, acc: usize, rows: i32, cols: i32): void {
  const lanes = cols & ~3;
  memory.fill(acc, 0, <usize>cols << 3);
  let p = x;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < lanes; j += 4) {
      const v = v128.load(p + (<usize>j << 2));
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
      v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1))));
    }
    for (let j = lanes; j < cols; j++) {
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>load<f32>(p + (<usize>j << 2)));
    }
    p += <usize>cols << 2;
  }
  for (let j = 0; j < cols; j++) store<f32>(out + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
}

// ---------------------------------------------------------------------------
// Bias add: out [rows, cols] = x [rows, cols] + bias [cols], in float32
// (one correctly rounded add per element, as wasm's Add kernel).
// ---------------------------------------------------------------------------
export function addRowVector(x: usize, bias: usize, out: usize, rows: i32, cols: i32): void {
  const lanes = cols & ~3;
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const or = out + <usize>r * rowBytes;
    for (let j = 0; j < lanes; j += 4) {
      const o = <usize>j << 2;
      v128.store(or + o, f32x4.add(v128.load(xr + o), v128.load(bias + o)));
    }
    for (let j = lanes; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(or + o, load<f32>(xr + o) + load<f32>(bias + o));
    }
  }
}

// ---------------------------------------------------------------------------
// Transposed im2col for the filter gradient of a 2-D convolution (NHWC,
// dilation 1): colT [K, M], K = (kh, kw, c), M = (b, oh, ow), so that
// dW [K, Co] = colT · dy [M, Co] is one un-transposed matmul. Positions in
// the padding are zeros. With stride 1 and C a multiple of 4, 4 positions x
// 4 channels move at a time through a 4x4 transpose in registers; with one
// channel, rows are runs of x, copied 4 floats at a time.
// ---------------------------------------------------------------------------
/** n float zeros at p: a store loop, since these runs are a few floats and memory.fill is a call. */
@inline
function zeros(p: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(p + (<usize>i << 2), 0);
}

export function im2colT(
  x: usize, col: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
  KH: i32, KW: i32, sh: i32, sw: i32, top: i32, left: i32,
): void {
  const M = <usize>B * <usize>OH * <usize>OW;
  const rowBytes = M << 2; // one row of colT
  const vector = sw == 1 && (C & 3) == 0;
  const single = sw == 1 && C == 1;
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      // Output columns whose tap kw lands inside x: [owLo, owHi).
      // (Integer division truncates: ceil is (n + sw - 1) / sw for n >= 0, and a negative n clamps to 0.)
      const last = W - 1 + left - kw;
      const owLo = min(OW, max(0, (left - kw + sw - 1) / sw));
      const owHi = last < 0 ? owLo : max(owLo, min(OW, last / sw + 1));
      const tap = col + <usize>((kh * KW + kw) * C) * rowBytes;
      for (let b = 0; b < B; b++) {
        for (let oh = 0; oh < OH; oh++) {
          const m0 = <usize>((b * OH + oh) * OW) << 2; // byte offset of this output row within a colT row
          const ih = oh * sh + kh - top;
          if (ih < 0 || ih >= H) {
            for (let c = 0; c < C; c++) zeros(tap + <usize>c * rowBytes + m0, OW);
            continue;
          }
          if (owLo > 0 || owHi < OW) {
            for (let c = 0; c < C; c++) {
              const row = tap + <usize>c * rowBytes + m0;
              zeros(row, owLo);
              zeros(row + (<usize>owHi << 2), OW - owHi);
            }
          }
          // x offset (bytes) of output column ow's tap: ((b, ih, ow * sw + kw - left), channel 0).
          const xRow = x + ((<usize>(b * H + ih) * <usize>W) * <usize>C << 2);
          let ow = owLo;
          if (single) {
            // One channel, stride 1: the row is a run of x.
            const xp = xRow + (<usize>(kw - left) << 2);
            const dst = tap + m0;
            for (; ow + 4 <= owHi; ow += 4) v128.store(dst + (<usize>ow << 2), v128.load(xp + (<usize>ow << 2)));
          } else if (vector) {
            for (; ow + 4 <= owHi; ow += 4) {
              const xp = xRow + (<usize>((ow + kw - left) * C) << 2);
              for (let c = 0; c < C; c += 4) {
                const r0 = v128.load(xp + (<usize>c << 2));
                const r1 = v128.load(xp + (<usize>(C + c) << 2));
                const r2 = v128.load(xp + (<usize>(2 * C + c) << 2));
                const r3 = v128.load(xp + (<usize>(3 * C + c) << 2));
                const t0 = f32x4.shuffle(r0, r1, 0, 4, 1, 5);
                const t1 = f32x4.shuffle(r0, r1, 2, 6, 3, 7);
                const t2 = f32x4.shuffle(r2, r3, 0, 4, 1, 5);
                const t3 = f32x4.shuffle(r2, r3, 2, 6, 3, 7);
                const dst = tap + <usize>c * rowBytes + m0 + (<usize>ow << 2);
                v128.store(dst, f32x4.shuffle(t0, t2, 0, 1, 4, 5));
                v128.store(dst + rowBytes, f32x4.shuffle(t0, t2, 2, 3, 6, 7));
                v128.store(dst + 2 * rowBytes, f32x4.shuffle(t1, t3, 0, 1, 4, 5));
                v128.store(dst + 3 * rowBytes, f32x4.shuffle(t1, t3, 2, 3, 6, 7));
              }
            }
          }
          for (; ow < owHi; ow++) {
            const xp = xRow + (<usize>((ow * sw + kw - left) * C) << 2);
            const dst = tap + m0 + (<usize>ow << 2);
            for (let c = 0; c < C; c++) store<f32>(dst + <usize>c * rowBytes, load<f32>(xp + (<usize>c << 2)));
          }
        }
      }
    }
  }
}
