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
// Backward of a bias add and a ReLU (or no activation) after a layer, in one
// pass: dz = dy · relu'(z), read from the output y = relu(z) (z > 0 exactly
// where y > 0), and db = the column sums of dz in doubles in row order, as
// sumLeadingAxes. Branch-free: dz = (dy where y > 0, else +0) + (y - y), so a
// NaN (or infinite) output passes NaN on, as dy · step(z) does for NaN.
// relu = 0: dz is dy itself and only db is computed (dz may be 0).
// ---------------------------------------------------------------------------
export function biasActivationGrad(dy: usize, y: usize, dz: usize, db: usize, acc: usize, rows: i32, cols: i32, relu: i32): void {
  const lanes = cols & ~3;
  memory.fill(acc, 0, <usize>cols << 3);
  const zero = f32x4.splat(0);
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    for (let j = 0; j < lanes; j += 4) {
      const at = o + (<usize>j << 2);
      let g = v128.load(dy + at);
      if (relu) {
        const v = v128.load(y + at);
        g = f32x4.add(v128.and(g, f32x4.gt(v, zero)), f32x4.sub(v, v));
        v128.store(dz + at, g);
      }
      const a = acc + (<usize>j << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(g)));
      v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(f32x4.shuffle(g, g, 2, 3, 0, 1))));
    }
    for (let j = lanes; j < cols; j++) {
      const at = o + (<usize>j << 2);
      let g = load<f32>(dy + at);
      if (relu) {
        const v = load<f32>(y + at);
        g = (v > 0 ? g : 0) + (v - v);
        store<f32>(dz + at, g);
      }
      const a = acc + (<usize>j << 3);
      store<f64>(a, load<f64>(a) + <f64>g);
    }
  }
  for (let j = 0; j < cols; j++) store<f32>(db + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
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
// Filter gradient of a 2-D convolution (NHWC, dilation 1):
//   dw [KH, KW, C, CO] = Σ over positions (b, oh, ow) of
//                        x[b, oh*sh + kh, ow*sw + kw, c] · dy[b, oh, ow, co]
// on an input already padded (padNHWC), so every tap is inside it.
//
// A GEMM whose left operand is read straight from x ("implicit im2col"): for
// one tap row kh, the KW*C entries (kw, c) of a position are contiguous in x,
// so 4 of them are one load. Register tiles of 4 entries x 8 output channels
// (8 accumulators) run along one output row of positions, then go back to dw:
// no im2col matrix (6 MB on the reference CNN) and no packed copy of dy
// (XNNPACK packs its right operand on every call, dy being new each step).
// Sums run in float32 in position order, like a matmul's.
// ---------------------------------------------------------------------------

/** 4 entries' splats times 8 output channels: the inner loop of one tile over OW positions. */
@inline
function tile4x8(a: usize, aStep: usize, d: usize, dStep: usize, w: usize, wRow: usize, OW: i32): void {
  let c00 = v128.load(w), c01 = v128.load(w + 16);
  let c10 = v128.load(w + wRow), c11 = v128.load(w + wRow + 16);
  let c20 = v128.load(w + 2 * wRow), c21 = v128.load(w + 2 * wRow + 16);
  let c30 = v128.load(w + 3 * wRow), c31 = v128.load(w + 3 * wRow + 16);
  for (let i = 0; i < OW; i++, a += aStep, d += dStep) {
    const x4 = v128.load(a);
    const d0 = v128.load(d), d1 = v128.load(d + 16);
    let s = f32x4.shuffle(x4, x4, 0, 0, 0, 0);
    c00 = f32x4.add(c00, f32x4.mul(s, d0)); c01 = f32x4.add(c01, f32x4.mul(s, d1));
    s = f32x4.shuffle(x4, x4, 1, 1, 1, 1);
    c10 = f32x4.add(c10, f32x4.mul(s, d0)); c11 = f32x4.add(c11, f32x4.mul(s, d1));
    s = f32x4.shuffle(x4, x4, 2, 2, 2, 2);
    c20 = f32x4.add(c20, f32x4.mul(s, d0)); c21 = f32x4.add(c21, f32x4.mul(s, d1));
    s = f32x4.shuffle(x4, x4, 3, 3, 3, 3);
    c30 = f32x4.add(c30, f32x4.mul(s, d0)); c31 = f32x4.add(c31, f32x4.mul(s, d1));
  }
  v128.store(w, c00); v128.store(w + 16, c01);
  v128.store(w + wRow, c10); v128.store(w + wRow + 16, c11);
  v128.store(w + 2 * wRow, c20); v128.store(w + 2 * wRow + 16, c21);
  v128.store(w + 3 * wRow, c30); v128.store(w + 3 * wRow + 16, c31);
}

/** One entry (its own load) times 8 output channels: the tail of a run that is not a multiple of 4. */
@inline
function tile1x8(a: usize, aStep: usize, d: usize, dStep: usize, w: usize, OW: i32): void {
  let c0 = v128.load(w), c1 = v128.load(w + 16);
  for (let i = 0; i < OW; i++, a += aStep, d += dStep) {
    const s = v128.load32_splat(a);
    c0 = f32x4.add(c0, f32x4.mul(s, v128.load(d)));
    c1 = f32x4.add(c1, f32x4.mul(s, v128.load(d + 16)));
  }
  v128.store(w, c0);
  v128.store(w + 16, c1);
}

/** One entry times one output channel, for output channels past the last multiple of 8. */
@inline
function tile1x1(a: usize, aStep: usize, d: usize, dStep: usize, w: usize, OW: i32): void {
  let c: f32 = load<f32>(w);
  for (let i = 0; i < OW; i++, a += aStep, d += dStep) c += load<f32>(a) * load<f32>(d);
  store<f32>(w, c);
}

export function convFilterGrad(
  x: usize, dy: usize, dw: usize, B: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32, CO: i32,
  KH: i32, KW: i32, sh: i32, sw: i32,
): void {
  const run = KW * C; // entries (kw, c) of one tap row, contiguous in x
  const wRow = <usize>CO << 2; // bytes per entry row of dw
  const aStep = <usize>(sw * C) << 2; // next position along an output row, in x
  const dStep = wRow; // next position in dy
  const co8 = CO & ~7;
  const run4 = run & ~3;
  memory.fill(dw, 0, <usize>(KH * run) * wRow);
  for (let b = 0; b < B; b++) {
    for (let oh = 0; oh < OH; oh++) {
      const d = dy + <usize>((b * OH + oh) * OW) * wRow;
      for (let kh = 0; kh < KH; kh++) {
        const a = x + (<usize>((b * H + oh * sh + kh) * W) * <usize>C << 2);
        const w = dw + <usize>(kh * run) * wRow;
        for (let e = 0; e < run4; e += 4) {
          for (let co = 0; co < co8; co += 8) tile4x8(a + (<usize>e << 2), aStep, d + (<usize>co << 2), dStep, w + <usize>e * wRow + (<usize>co << 2), wRow, OW);
        }
        for (let e = run4; e < run; e++) {
          for (let co = 0; co < co8; co += 8) tile1x8(a + (<usize>e << 2), aStep, d + (<usize>co << 2), dStep, w + <usize>e * wRow + (<usize>co << 2), OW);
        }
        for (let e = 0; e < run; e++) {
          for (let co = co8; co < CO; co++) tile1x1(a + (<usize>e << 2), aStep, d + (<usize>co << 2), dStep, w + <usize>e * wRow + (<usize>co << 2), OW);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Zero padding of an NHWC tensor: out [B, H + top + bottom, W + left + right, C].
// ---------------------------------------------------------------------------
export function padNHWC(x: usize, out: usize, B: i32, H: i32, W: i32, C: i32, top: i32, bottom: i32, left: i32, right: i32): void {
  const Wp = W + left + right;
  const rowBytes = <usize>(W * C) << 2;
  const paddedRowBytes = <usize>(Wp * C) << 2;
  const Hp = H + top + bottom;
  memory.fill(out, 0, <usize>(B * Hp) * paddedRowBytes);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      memory.copy(out + <usize>(b * Hp + h + top) * paddedRowBytes + (<usize>(left * C) << 2), x + <usize>(b * H + h) * rowBytes, rowBytes);
    }
  }
}
