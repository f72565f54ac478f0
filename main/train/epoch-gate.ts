/**
 * An epoch gate: the training worker waits after each epoch until the run's
 * owner has judged it. A study's pruner decides from the stored report of the
 * epoch, asynchronously; without the gate the worker trains on meanwhile, so
 * where a pruned run stops (and the metrics it ends with) depended on timing,
 * and two seedings of one study gave the same trial different results.
 *
 * It is two int32 slots on a SharedArrayBuffer, which crosses into the worker
 * with TrainInput without a copy: [0] the last epoch released, [1] 1 = stop.
 * The owner writes, the trainer only reads; Atomics make each write visible
 * and wake the waiting worker.
 */
export type EpochGate = Int32Array;

const RELEASED = 0;
const STOP = 1;
/** How long one wait lasts before the trainer looks at its abort signal again. */
const POLL_MS = 250;

// Atomics.waitAsync is ES2024 (Node 16+); the project's type library stops at ES2023.
type WaitResult = { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (Atomics as unknown as { waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): WaitResult }).waitAsync;

export function createEpochGate(): EpochGate {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

/** Lets the worker go past `epoch` (stop first, so a woken worker sees both). */
export function releaseEpoch(gate: EpochGate, epoch: number, stop = false): void {
  if (stop) Atomics.store(gate, STOP, 1);
  Atomics.store(gate, RELEASED, Math.max(Atomics.load(gate, RELEASED), epoch));
  Atomics.notify(gate, RELEASED);
}

/** Stops the run at whatever epoch it has reached: every wait ends now and the next one at once. */
export function stopAtGate(gate: EpochGate): void {
  releaseEpoch(gate, 0x7fffffff, true);
}

/**
 * In the worker, after `epoch` was reported: resolves once the owner released
 * it (or the signal aborted), true when the run must stop there. The event loop
 * keeps turning while it waits (Atomics.waitAsync), so a cancel message lands.
 */
export async function passEpoch(gate: EpochGate, epoch: number, signal?: AbortSignal): Promise<boolean> {
  for (;;) {
    const released = Atomics.load(gate, RELEASED);
    if (released >= epoch || signal?.aborted) break;
    const wait = waitAsync(gate, RELEASED, released, POLL_MS);
    if (wait.async) await wait.value;
  }
  return Atomics.load(gate, STOP) === 1 || signal?.aborted === true;
}
