/** Small experiment records shared by the experiment lib tests. */
import type { ExperimentDetail, ExperimentStep } from '../../../main/api/contract.ts';

export function step(n: number, kind: string, over: Partial<ExperimentStep> = {}): ExperimentStep {
  return {
    experimentId: 'e1', step: n, kind, label: kind, status: 'completed', runId: `run-${kind}-${n}`, config: {},
    metrics: { val: { accuracy: 0.9, loss: 0.3 } }, size: null, sparsity: null, error: null,
    createdAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:01:00Z', ...over,
  };
}

export const size = (paramCount: number, nonZeroParams = paramCount, latencyMs: number | null = 2) => ({
  paramCount, nonZeroParams, flops: paramCount * 2, bytes: paramCount * 4 + 1000, weightBytes: paramCount * 4, gzipBytes: nonZeroParams * 4,
  latency: latencyMs === null ? null : { medianMs: latencyMs, batch: 1, repeats: 20, backend: 'cpu' },
});

export function experiment(id: string, kind: ExperimentDetail['kind'], steps: ExperimentStep[], over: Partial<ExperimentDetail> = {}): ExperimentDetail {
  return {
    id, name: id, kind, baseRunId: steps.find((s) => s.kind === 'baseline')?.runId ?? null, status: 'completed', config: {}, error: null,
    createdAt: '2026-01-01T00:00:00Z', finishedAt: null, stepCount: steps.length, bestStep: null,
    steps: steps.map((s) => ({ ...s, experimentId: id })), ...over,
  };
}
