/**
 * One trial's params → the run's { spec, hyperparams }: architecture params go
 * through specFromParams, then dotted paths ('hyperparams.optimizer.learningRate',
 * 'spec.layers.0.units') are written into a copy of the base template. The
 * result is unparsed input; the caller parses it with RunConfig, which fills
 * defaults and reports values the schema refuses.
 */
import type { HyperParamsInput, ModelSpec } from '../api/schemas.ts';
import type { Params } from '../tuner/types.ts';
import { isArchParam, specFromParams } from './spec-from-params.ts';

export type RunTemplate = { spec: ModelSpec; hyperparams?: HyperParamsInput };
export const PATH_ROOTS = ['spec', 'hyperparams'] as const;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

export const isPathParam = (name: string): boolean => PATH_ROOTS.some((r) => name.startsWith(`${r}.`));

/** Why a param name cannot go into a training run, or null when it can. */
export function badParamName(name: string): string | null {
  if (isArchParam(name)) return null;
  if (!isPathParam(name)) {
    return `param '${name}' does not say where its value goes: use a dotted path ('hyperparams.optimizer.learningRate', 'spec.layers.0.units') or an architecture param (depth, units_i, activation, dropout, batch_norm, layer_kind, conv_depth, filters_i, kernel_size, pool)`;
  }
  const parts = name.split('.');
  if (parts.some((p) => p === '' || FORBIDDEN.has(p))) return `param '${name}': bad path segment`;
  if (parts.length < 2) return `param '${name}': path needs a field after '${parts[0]}'`;
  return null;
}

type Obj = Record<string, unknown>;
/** Kinds HyperParams defaults to for its discriminated objects. */
const DEFAULT_KINDS: Record<string, string> = { optimizer: 'adam', schedule: 'constant' };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;

function setPath(root: Obj, parts: readonly string[], value: unknown): void {
  let cur: Obj = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i];
    if (!isObj(cur[key])) cur[key] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    cur = cur[key] as Obj;
  }
  cur[parts[parts.length - 1]] = value;
}

function getPath(root: Obj, parts: readonly string[]): unknown {
  let cur: unknown = root;
  for (const p of parts) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}

/**
 * Writes the dotted-path params into a copy of `root`. A '….kind' param comes
 * first and resets its object to { kind } (keeping learningRate), so fields of
 * the old kind (adam's beta1) never reach the new one (sgd) and fail validation.
 * Values may be any JSON: a trial's params are numbers and strings, the
 * advisor's config patches (main/diagnose/advisor/types.ts) objects and arrays.
 */
export function applyPaths(root: Obj, params: Readonly<Record<string, unknown>>, prefix: string): Obj {
  const out = structuredClone(root);
  const entries = Object.entries(params).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1).split('.'), v] as const);
  const kinds = entries.filter(([p]) => p[p.length - 1] === 'kind');
  for (const [parts, value] of kinds) {
    const parentPath = parts.slice(0, -1);
    const old = parentPath.length ? getPath(out, parentPath) : out;
    const fresh: Obj = { kind: value };
    if (isObj(old) && old.kind === value) Object.assign(fresh, old);
    else if (isObj(old) && old.learningRate !== undefined) fresh.learningRate = old.learningRate;
    if (parentPath.length) setPath(out, parentPath, fresh);
    else Object.assign(out, fresh);
  }
  for (const [parts, value] of entries) if (parts[parts.length - 1] !== 'kind') setPath(out, parts, value);
  return out;
}

/** The run template with one trial's params applied. */
export function configFromParams(base: RunTemplate, params: Params): { spec: unknown; hyperparams: unknown } {
  const arch: Params = {};
  for (const [k, v] of Object.entries(params)) if (isArchParam(k)) arch[k] = v;
  const spec = applyPaths(specFromParams(base.spec, arch) as unknown as Obj, params, 'spec');
  const hp: Obj = { ...(base.hyperparams ?? {}) };
  // A param under an object the base leaves out (its default) needs that object's kind to validate.
  for (const [field, kind] of Object.entries(DEFAULT_KINDS))
    if (hp[field] === undefined && Object.keys(params).some((k) => k.startsWith(`hyperparams.${field}.`))) hp[field] = { kind };
  const hyperparams = applyPaths(hp, params, 'hyperparams');
  return { spec, hyperparams };
}
