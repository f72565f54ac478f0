/**
 * Synchronous GPU → CPU reads for Dawn in Node.
 *
 * The training loop reads values back synchronously (the loss of every step,
 * the fused cross-entropy, per-epoch checks), as it does on every backend.
 * tfjs-backend-webgpu can only do that in a browser (through OffscreenCanvas);
 * in Node a buffer map completes when Dawn processes its events, and dawn.node
 * schedules that processing with the global `setImmediate`, which it looks up
 * on every call (AsyncRunner::ScheduleProcessEvents). So we wrap setImmediate:
 * a tick that dawn.node schedules (a native function, no arguments) is kept in
 * `pending` and still runs from the event loop as usual, unless a synchronous
 * read runs it first. A read maps its staging buffer and runs the pending
 * ticks (each one schedules the next while work is waiting) until the buffer
 * is mapped.
 *
 * If a future dawn.node scheduled its events differently, a read finds no
 * tick to run and throws; the webgpu self-test reads synchronously, so the
 * backend is then skipped with that reason instead of failing runs.
 */

/** A GPU read that takes longer than this is an error, never a hang (a big batch on SwiftShader takes seconds). */
export const SYNC_READ_TIMEOUT_MS = 120_000;
/** Busy iterations before the loop starts sleeping between event checks (keeps short reads fast on real GPUs). */
const SPINS_BEFORE_SLEEP = 64;
const SLEEP_MS = 0.05;

/** The part of GPUBuffer a read uses. */
export type MappableBuffer = {
  readonly mapState: string;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
};

const pending = new Set<() => void>();
let installed = false;

const isNative = (fn: unknown): fn is () => void =>
  typeof fn === 'function' && Function.prototype.toString.call(fn).includes('[native code]');

/** Idempotent, per thread; must run before dawn.node schedules its first tick (loadDawn calls it first). */
export function installDawnTickHook(): void {
  if (installed) return;
  installed = true;
  const real = globalThis.setImmediate;
  const wrapped = function (this: unknown, fn: (...a: unknown[]) => void, ...args: unknown[]) {
    if (args.length === 0 && isNative(fn)) {
      pending.add(fn);
      return real(() => {
        if (pending.delete(fn)) fn();
      });
    }
    return real(fn, ...args);
  };
  // Keep setImmediate[util.promisify.custom] and friends.
  Object.assign(wrapped, real);
  globalThis.setImmediate = wrapped as typeof setImmediate;
}

/** Runs Dawn's pending event ticks now. Returns how many ran. */
function runPendingTicks(): number {
  const ticks = [...pending];
  pending.clear();
  for (const tick of ticks) tick();
  return ticks.length;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Maps `buffer` for reading and returns once it is mapped. `mode` is
 * GPUMapMode.READ. Throws after `timeoutMs`, or at once if dawn.node has no
 * event tick to run (see the module comment).
 */
export function mapReadSync(buffer: MappableBuffer, mode: number, timeoutMs = SYNC_READ_TIMEOUT_MS): void {
  // A failed map sets the buffer back to 'unmapped' (seen below); its rejection would only arrive after we return.
  buffer.mapAsync(mode).catch(() => {});
  const deadline = performance.now() + timeoutMs;
  for (let spin = 0; buffer.mapState !== 'mapped'; spin++) {
    if (buffer.mapState !== 'pending') throw new Error(`GPU readback failed: the staging buffer is ${buffer.mapState}`);
    if (runPendingTicks() === 0) {
      throw new Error('synchronous GPU readback is not possible with this dawn.node (it scheduled no event processing)');
    }
    // Read again: the ticks just run may have mapped it (TypeScript narrowed mapState above).
    if ((buffer.mapState as string) === 'mapped') break;
    if (performance.now() > deadline) throw new Error(`GPU readback took more than ${timeoutMs / 1000} s (is the GPU hung?)`);
    if (spin >= SPINS_BEFORE_SLEEP) Atomics.wait(sleepCell, 0, 0, SLEEP_MS);
  }
}
