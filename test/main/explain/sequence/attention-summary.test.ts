import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanOfHeads, topPairs } from '../../../../main/explain/sequence/attention-summary.ts';
import { specHasAttention } from '../../../../main/explain/sequence/attention-request.ts';
import { decodeTokens, unpaddedLength } from '../../../../main/explain/sequence/token-text.ts';

test('the mean of heads and the strongest pairs, with or without a token attending to itself', () => {
  const heads = [[[0.9, 0.1], [0.3, 0.7]], [[0.5, 0.5], [0.1, 0.9]]];
  const mean = meanOfHeads(heads);
  assert.deepEqual(mean.map((r) => r.map((v) => Number(v.toFixed(6)))), [[0.7, 0.3], [0.2, 0.8]]);
  assert.deepEqual(meanOfHeads([]), []);
  assert.deepEqual(topPairs(mean, 2).map((p) => [p.query, p.key]), [[1, 1], [0, 0]]);
  assert.deepEqual(topPairs(mean, 5, { skipSelf: true }).map((p) => [p.query, p.key]), [[0, 1], [1, 0]]);
  assert.deepEqual(topPairs([[0.5, 0.5]], 2).map((p) => p.key), [0, 1], 'ties: earlier key first');
});

test('token ids read back: vocabulary, bins past it, padding; trailing padding measured', () => {
  const vocab = ['[PAD]', '[UNK]', '[SEP]', 'win', 'prize'];
  assert.deepEqual(decodeTokens([3, 1, 4, 6, 0, 0], vocab), ['win', '[UNK]', 'prize', '[bin 1]', '', '']);
  assert.equal(unpaddedLength(Float32Array.from([3, 1, 0, 4, 0, 0])), 4);
  assert.equal(unpaddedLength([0, 0]), 0);
});

test('which specs have attention: transformer blocks and attention layers, also inside residual blocks', () => {
  assert.equal(specHasAttention({ layers: [{ kind: 'embedding', vocabSize: 40, dim: 8 }, { kind: 'lstm', units: 4, bidirectional: false, returnSequences: false }] }), false);
  assert.equal(specHasAttention({ layers: [{ kind: 'transformer', heads: 2, ffUnits: 8, dropout: 0, norm: 'pre', activation: 'relu' }] }), true);
  assert.equal(specHasAttention({ layers: [{ kind: 'residual', activation: 'relu', layers: [{ kind: 'attention', heads: 2, keyDim: 4, dropout: 0 }] }] }), true);
});
