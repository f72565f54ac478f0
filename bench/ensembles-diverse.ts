/**
 * The setting stacking and selection are meant for: diverse base members.
 * Five copies of one configuration (bench/ensembles.ts 'same') mostly agree,
 * so a combiner has little to work with. Here six MLPs differ in width, depth,
 * activation and learning rate; each is one that scikit-learn's MLPClassifier
 * can express too (hidden_layer_sizes, activation, learning_rate_init), so
 * bench/ensembles-reference.py --diverse trains the same six for its
 * VotingClassifier and StackingClassifier on the same splits.
 */
import type { Engine } from '../main/engine/engine.ts';
import { trainAndWait } from '../test/main/engine/run-helpers.ts';

export type MemberConfig = { name: string; hidden: number[]; activation: 'relu' | 'tanh' | 'sigmoid'; lr: number };

/** Fixed before any result was seen; no choice here looked at a test split. */
export const DIVERSE: MemberConfig[] = [
  { name: '32 relu 1e-3', hidden: [32], activation: 'relu', lr: 1e-3 },
  { name: '128 relu 1e-3', hidden: [128], activation: 'relu', lr: 1e-3 },
  { name: '64-64 relu 3e-3', hidden: [64, 64], activation: 'relu', lr: 3e-3 },
  { name: '64 tanh 1e-3', hidden: [64], activation: 'tanh', lr: 1e-3 },
  { name: '32-16 tanh 1e-2', hidden: [32, 16], activation: 'tanh', lr: 1e-2 },
  { name: '100 sigmoid 3e-3', hidden: [100], activation: 'sigmoid', lr: 3e-3 },
];

const specOf = (c: MemberConfig) => ({ layers: c.hidden.map((units) => ({ kind: 'dense' as const, units, activation: c.activation, useBias: true })) });

/**
 * The six members as runs on the split of `seed` (a run's split follows its seed, so they share one
 * split with every other ensemble of that seed); they train in parallel in the engine's pool.
 */
export async function trainDiverse(engine: Engine, datasetId: string, seed: number, hp: { epochs: number; batchSize: number }): Promise<string[]> {
  const runs = await Promise.all(DIVERSE.map((c) => {
    const hyperparams = { epochs: hp.epochs, batchSize: hp.batchSize, optimizer: { kind: 'adam' as const, learningRate: c.lr } };
    return trainAndWait(engine, { datasetId, spec: specOf(c), hyperparams, seed, name: `diverse ${c.name} seed ${seed}` });
  }));
  for (const { runId, events } of runs) {
    const end = events.at(-1);
    if (end?.type !== 'finished' || end.status !== 'completed') throw new Error(`diverse member ${runId} did not complete${end?.type === 'finished' ? `: ${end.status} ${end.error ?? ''}` : ''}`);
  }
  return runs.map((r) => r.runId);
}
