/**
 * Member predictions as one flat array: [members × rows × outputs], row-major
 * (member m, row r, output k at (m·rows + r)·outputs + k). Classification
 * outputs are class probabilities (each member's softmax head); regression has
 * one output per target (1, or a forecast's horizon steps). Labels are one
 * class index per row, or `outputs` targets per row for regression. Every ensemble method reads this shape, so members can come from
 * stored runs, fresh trainings or a test fixture alike.
 */
import { ApiError } from '../../api/errors.ts';

export type PredictionSet = {
  values: Float32Array;
  members: number;
  rows: number;
  outputs: number;
};

/** Labels per dataset row: one class index, or one target per regression output (a forecast: per horizon step). */
export const labelWidth = (task: 'classification' | 'regression', outputs: number): number => (task === 'regression' ? outputs : 1);

/**
 * Checks that the sizes agree and every value is finite; throws ApiError('invalid_argument') naming the problem.
 * `labelWidth`: labels per row (regression: the outputs).
 */
export function checkPredictions(set: PredictionSet, labels?: ArrayLike<number>, width = 1): void {
  const { values, members, rows, outputs } = set;
  for (const [name, n] of [['members', members], ['rows', rows], ['outputs', outputs]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new ApiError('invalid_argument', `predictions need at least one of ${name}, got ${n}`);
  }
  if (values.length !== members * rows * outputs) {
    throw new ApiError('invalid_argument', `predictions have ${values.length} values, expected ${members} members × ${rows} rows × ${outputs} outputs`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const m = Math.floor(i / (rows * outputs));
      throw new ApiError('invalid_argument', `member ${m} predicted a non-finite value (${values[i]}) for row ${Math.floor(i / outputs) % rows}`);
    }
  }
  if (labels !== undefined && labels.length !== rows * width) {
    throw new ApiError('invalid_argument', `${labels.length} labels for ${rows} predicted rows${width > 1 ? ` of ${width} targets (a regression metric reads one target per output)` : ''}`);
  }
}

/** Member m's [rows × outputs] block, as a view (no copy). */
export function memberBlock(set: PredictionSet, m: number): Float32Array {
  const size = set.rows * set.outputs;
  return set.values.subarray(m * size, (m + 1) * size);
}

/** Stacks per-member [rows × outputs] arrays into one set. */
export function stackPredictions(blocks: Float32Array[], outputs: number): PredictionSet {
  if (blocks.length === 0) throw new ApiError('invalid_argument', 'no member predictions to stack');
  const size = blocks[0].length;
  if (size % outputs !== 0) throw new ApiError('invalid_argument', `a block of ${size} values is not a whole number of rows of ${outputs} outputs`);
  const values = new Float32Array(blocks.length * size);
  blocks.forEach((b, m) => {
    if (b.length !== size) throw new ApiError('invalid_argument', `member ${m} has ${b.length} predicted values, member 0 has ${size}`);
    values.set(b, m * size);
  });
  return { values, members: blocks.length, rows: size / outputs, outputs };
}

/** The members listed (in that order, repeats allowed) as a new set. */
export function selectMembers(set: PredictionSet, members: ArrayLike<number>): PredictionSet {
  const blocks = Array.from(members, (m) => memberBlock(set, m));
  return stackPredictions(blocks, set.outputs);
}

/** The rows listed, for every member, as a new set. */
export function selectRows(set: PredictionSet, rows: ArrayLike<number>): PredictionSet {
  const { members, outputs } = set;
  const values = new Float32Array(members * rows.length * outputs);
  for (let m = 0; m < members; m++) {
    for (let i = 0; i < rows.length; i++) {
      const from = (m * set.rows + rows[i]) * outputs;
      values.set(set.values.subarray(from, from + outputs), (m * rows.length + i) * outputs);
    }
  }
  return { values, members, rows: rows.length, outputs };
}
