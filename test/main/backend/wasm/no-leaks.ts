/**
 * The leak check of the wasm kernel tests: after one warm-up call, further
 * calls of `run` must leave as many tensors and heap buffers as they found.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';

const buffers = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

export function assertNoLeaks(run: () => void, times = 5): void {
  run();
  const tensors = tf.memory().numTensors;
  const held = buffers();
  for (let i = 0; i < times; i++) run();
  assert.equal(tf.memory().numTensors, tensors, 'tensors');
  assert.equal(buffers(), held, 'heap buffers');
}
