/**
 * analyseSpec: walks a model spec over a per-sample input shape and prices it
 * (output shapes, parameters, FLOPs) without tfjs, or explains in plain words why
 * it cannot build. The builder calls it first, so the two never disagree about
 * which specs are valid. FLOP convention: see layer-math.ts (a multiply-add = 2).
 *
 * Errors name the layer by its 1-based position, e.g. "layer 2 (conv2d) ...",
 * and for layers inside a residual block "layer 3 (residual), body layer 1 (dense) ...".
 *
 * `layers` in the result has one entry per top-level spec layer (a residual block
 * is one entry: body + projection + add + activation) and a last entry of kind
 * 'head' for the dense(outputUnits) that the builder adds. The head's own
 * softmax is not priced (analyseSpec does not know the task).
 *
 * Limits (main/limits.ts): residual nesting (MAX_RESIDUAL_DEPTH), layers in all
 * (MAX_MODEL_LAYERS) and parameters (MAX_MODEL_PARAMS). The walk stops at the
 * first level past the nesting limit, so its recursion is bounded whatever the
 * spec holds.
 */
import type { Layer, ModelSpec, ResidualLayer, Task } from '../api/schemas.ts';
import type { ModelCount } from '../api/schemas.ts';
import {
  activationFlops,
  activationParams,
  fmtShape,
  product,
  projectionCost,
  stepLayer,
  type LayerCost,
} from './layer-math.ts';
import { MAX_MODEL_LAYERS, MAX_MODEL_PARAMS, MAX_RESIDUAL_DEPTH } from '../limits.ts';

type Walk = { ok: true; cost: LayerCost; layers: { kind: string; outputShape: number[]; params: number; flops: number }[] } | { ok: false; error: string };

/** One walk's position: residual nesting depth here, and the layers seen so far in the whole spec (shared). */
type WalkState = { depth: number; seen: { layers: number } };

const formatCount = (n: number): string => n.toLocaleString('en-US');

const label = (prefix: string, index: number, layer: Layer): string => `${prefix}layer ${index + 1} (${layer.kind})`;

function sum(a: LayerCost, b: LayerCost): LayerCost {
  return { outputShape: b.outputShape, params: a.params + b.params, trainable: a.trainable + b.trainable, flops: a.flops + b.flops };
}

function residual(layer: ResidualLayer, shape: number[], where: string, state: WalkState): { ok: true; cost: LayerCost } | { ok: false; error: string } {
  if (state.depth >= MAX_RESIDUAL_DEPTH) {
    return {
      ok: false,
      error: `${where} nests residual blocks more than ${MAX_RESIDUAL_DEPTH} deep (the limit, MAX_RESIDUAL_DEPTH); put residual blocks one after another instead of inside each other`,
    };
  }
  const body = walk(layer.layers, shape, `${where}, body `, { depth: state.depth + 1, seen: state.seen });
  if (!body.ok) return body;
  const projection = projectionCost(shape, body.cost.outputShape);
  if ('error' in projection) return { ok: false, error: `${where} ${projection.error}` };
  let cost = body.cost;
  if (projection.cost) cost = sum(cost, projection.cost);
  const out = body.cost.outputShape;
  const values = product(out);
  const extraParams = activationParams(layer.activation, out);
  cost = sum(cost, { outputShape: out, params: extraParams, trainable: extraParams, flops: values + activationFlops(layer.activation, values) });
  return { ok: true, cost };
}

function walk(layers: Layer[], inputShape: number[], prefix: string, state: WalkState): Walk {
  let total: LayerCost = { outputShape: [...inputShape], params: 0, trainable: 0, flops: 0 };
  const entries: { kind: string; outputShape: number[]; params: number; flops: number }[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const where = label(prefix, i, layer);
    if (++state.seen.layers > MAX_MODEL_LAYERS) {
      return { ok: false, error: `${where}: the spec has more than ${formatCount(MAX_MODEL_LAYERS)} layers, residual bodies included (the limit, MAX_MODEL_LAYERS)` };
    }
    const step = layer.kind === 'residual' ? residual(layer, total.outputShape, where, state) : stepLayer(layer, total.outputShape);
    if (!step.ok) {
      // Residual errors already carry their full location.
      return { ok: false, error: layer.kind === 'residual' ? step.error : `${where} ${step.error}` };
    }
    total = sum(total, step.cost);
    entries.push({ kind: layer.kind, outputShape: step.cost.outputShape, params: step.cost.params, flops: step.cost.flops });
  }
  return { ok: true, cost: total, layers: entries };
}

/**
 * Units of the output head: classes.length for classification; for regression one per
 * named output (a forecast's horizon steps: DatasetMeta.classes), else 1.
 */
export function outputUnitsFor(task: Task, classes: string[]): number {
  return task === 'classification' ? classes.length : Math.max(1, classes.length);
}

function badShape(shape: number[]): boolean {
  return !Array.isArray(shape) || shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 1);
}

export function analyseSpec(spec: ModelSpec, inputShape: number[], outputUnits: number): ModelCount {
  if (badShape(inputShape)) {
    return { ok: false, error: `the input shape ${fmtShape(inputShape ?? [])} is not a list of positive whole numbers` };
  }
  if (!Number.isInteger(outputUnits) || outputUnits < 1) {
    return { ok: false, error: `the output head needs at least one unit, got ${outputUnits}` };
  }
  const body = walk(spec.layers, inputShape, '', { depth: 0, seen: { layers: 0 } });
  if (!body.ok) return body;
  const last = body.cost.outputShape;
  if (last.length !== 1) {
    return {
      ok: false,
      error:
        `the output head (dense ${outputUnits}) needs a flat vector but the last layer gives ${fmtShape(last)}; ` +
        'add flatten or globalAvgPool2d at the end',
    };
  }
  const headParams = last[0] * outputUnits + outputUnits;
  const headFlops = 2 * last[0] * outputUnits + outputUnits;
  const paramCount = body.cost.params + headParams;
  if (paramCount > MAX_MODEL_PARAMS) {
    return {
      ok: false,
      error:
        `the model has ${formatCount(paramCount)} parameters, more than the limit of ${formatCount(MAX_MODEL_PARAMS)} (MAX_MODEL_PARAMS, ` +
        'what trains in a desktop worker\'s memory); use fewer units or filters, or pool / stride before the dense layers',
    };
  }
  const layers = [...body.layers, { kind: 'head', outputShape: [outputUnits], params: headParams, flops: headFlops }];
  return {
    ok: true,
    paramCount,
    trainableParams: body.cost.trainable + headParams,
    flops: body.cost.flops + headFlops,
    outputShape: [outputUnits],
    layers,
  };
}
