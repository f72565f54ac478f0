/**
 * How differently the members predict, pairwise ([members × members],
 * row-major, symmetric):
 * - disagreement (classification): the fraction of rows on which two members'
 *   argmax classes differ (0 on the diagonal);
 * - correlation: Pearson's r between two members' outputs over all rows and
 *   outputs (the predictions themselves for regression, the probability
 *   vectors for classification); 1 on the diagonal, 0 where a member's
 *   outputs are constant (r is undefined there and "no linear relation" is
 *   the honest reading).
 * An ensemble gains most from members that are accurate and disagree.
 */
import { argmaxRows } from '../../train/metrics.ts';
import { checkPredictions, memberBlock, type PredictionSet } from './predictions.ts';

export function disagreementMatrix(set: PredictionSet): Float64Array {
  checkPredictions(set);
  const { members, rows, outputs } = set;
  const classes = Array.from({ length: members }, (_, m) => argmaxRows(memberBlock(set, m), outputs));
  const out = new Float64Array(members * members);
  for (let a = 0; a < members; a++) {
    for (let b = a + 1; b < members; b++) {
      let differ = 0;
      for (let r = 0; r < rows; r++) if (classes[a][r] !== classes[b][r]) differ++;
      out[a * members + b] = out[b * members + a] = differ / rows;
    }
  }
  return out;
}

export function correlationMatrix(set: PredictionSet): Float64Array {
  checkPredictions(set);
  const { members } = set;
  const n = set.rows * set.outputs;
  // Centre each member once; r = Σ a·b / √(Σ a² · Σ b²).
  const centred = Array.from({ length: members }, (_, m) => {
    const block = memberBlock(set, m);
    let mean = 0;
    for (let i = 0; i < n; i++) mean += block[i];
    mean /= n;
    return Float64Array.from(block, (v) => v - mean);
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  const out = new Float64Array(members * members);
  for (let a = 0; a < members; a++) {
    out[a * members + a] = 1;
    for (let b = a + 1; b < members; b++) {
      let r = 0;
      if (norms[a] > 0 && norms[b] > 0) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += centred[a][i] * centred[b][i];
        r = Math.max(-1, Math.min(1, sum / (norms[a] * norms[b])));
      }
      out[a * members + b] = out[b * members + a] = r;
    }
  }
  return out;
}
