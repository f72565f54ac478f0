/**
 * Real ensemble members for the tfjs tests: tiny networks trained with the
 * trainer (trainRun, on the current thread's backend) on real data, each in
 * its own artifact folder, with different architectures and recipes.
 */
import { rmSync } from 'node:fs';
import type { FinalMetrics, HyperParamsInput, ModelSpec } from '../../../main/api/schemas.ts';
import type { ParsedDataset } from '../../../main/data/types.ts';
import { trainRun } from '../../../main/train/trainer.ts';
import { makeInput } from '../train/helpers.ts';

export type TrainedMember = { dir: string; spec: ModelSpec; metrics: FinalMetrics };

export const SPECS = {
  mlp: { layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }] },
  residual: {
    layers: [
      { kind: 'dense', units: 8, activation: 'relu', useBias: true },
      { kind: 'residual', activation: 'relu', layers: [{ kind: 'dense', units: 8, activation: 'relu', useBias: true }, { kind: 'dense', units: 8, activation: 'linear', useBias: true }] },
    ],
  },
  batchNorm: {
    layers: [
      { kind: 'dense', units: 8, activation: 'linear', useBias: true },
      { kind: 'batchNorm', momentum: 0.9 },
      { kind: 'activation', activation: 'elu' },
    ],
  },
  attention: {
    layers: [
      { kind: 'reshape', targetShape: [2, 2] },
      { kind: 'attention', heads: 2, keyDim: 4, dropout: 0 },
      { kind: 'flatten' },
      { kind: 'dense', units: 8, activation: 'leaky_relu', useBias: true },
    ],
  },
  conv: {
    layers: [
      { kind: 'conv2d', filters: 4, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu', useBias: true },
      { kind: 'maxPool2d', poolSize: 2 },
      { kind: 'flatten' },
    ],
  },
} satisfies Record<string, ModelSpec>;

export async function trainMember(data: ParsedDataset, spec: ModelSpec, seed: number, hp: HyperParamsInput): Promise<TrainedMember> {
  const input = makeInput(data, hp, { seed, spec, runId: `member_${seed}` });
  const result = await trainRun(input, { onEvent: () => {} });
  if (result.status !== 'completed') {
    rmSync(input.artifactDir, { recursive: true, force: true });
    throw new Error(`member ${seed} ended ${result.status}: ${result.error}`);
  }
  return { dir: input.artifactDir, spec, metrics: result.metrics };
}

export function removeMembers(members: TrainedMember[]): void {
  for (const m of members) rmSync(m.dir, { recursive: true, force: true });
}
