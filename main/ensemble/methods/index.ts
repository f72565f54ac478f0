/** The ensemble methods by name: one file each, behind EnsembleMethod (../index.ts). */
import type { EnsembleMethod, EnsembleMethodName } from '../index.ts';
import { bagging } from './bagging.ts';
import { boosting } from './boosting.ts';
import { selection } from './selection.ts';
import { stacking } from './stacking.ts';
import { voting } from './voting.ts';

export const METHODS: Record<EnsembleMethodName, EnsembleMethod<never>> = {
  voting: voting as EnsembleMethod<never>,
  selection: selection as EnsembleMethod<never>,
  bagging: bagging as EnsembleMethod<never>,
  boosting: boosting as EnsembleMethod<never>,
  stacking: stacking as EnsembleMethod<never>,
};
