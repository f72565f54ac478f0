/**
 * The search-space form as plain data. Inputs stay text while the user types
 * (a half-typed "1e-" must not turn into NaN and back), and are parsed into the
 * engine's space JSON on the way out. The checks here only catch typing
 * mistakes early; the engine's validation (studies.create) is the authority.
 */
import { t, type MessageKey } from '../i18n/index.ts';
import type { ParamValue } from './study-types.ts';
import type { InputKind } from '../../../main/data/input-kind.ts';

export type ParamKind = 'float' | 'int' | 'categorical' | 'fixed';
export type ConditionOp = 'gt' | 'gte' | 'eq' | 'in';

export type ParamRow = {
  /** Stable key for the form's keyed each-block; never sent to the engine. */
  key: number;
  name: string;
  kind: ParamKind;
  low: string;
  high: string;
  log: boolean;
  step: string;
  /** Comma-separated for categoricals. */
  choices: string;
  value: string;
  conditional: boolean;
  whenParam: string;
  whenOp: ConditionOp;
  /** One value, or comma-separated for 'in'. */
  whenValue: string;
};

type Condition = { param: string; op: ConditionOp; value: ParamValue | ParamValue[] };
export type ParamJson =
  | { kind: 'float'; low: number; high: number; log?: boolean; when?: Condition }
  | { kind: 'int'; low: number; high: number; step?: number; log?: boolean; when?: Condition }
  | { kind: 'categorical'; choices: ParamValue[]; when?: Condition }
  | { kind: 'fixed'; value: ParamValue; when?: Condition };
export type SpaceJson = { params: Record<string, ParamJson> };

let nextKey = 1;
export function blankRow(over: Partial<ParamRow> = {}): ParamRow {
  return {
    key: nextKey++, name: '', kind: 'float', low: '0', high: '1', log: false, step: '', choices: '', value: '',
    conditional: false, whenParam: '', whenOp: 'gt', whenValue: '', ...over,
  };
}

/** "true" → true, "3" → 3, "null" → null, anything else stays a string (quotes stripped). */
export function parseScalar(text: string): ParamValue {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return t.replace(/^(["'])(.*)\1$/, '$2');
}

export const parseList = (text: string): ParamValue[] => text.split(',').map((s) => s.trim()).filter((s) => s !== '').map(parseScalar);
export const formatScalar = (v: ParamValue): string => (v === null ? 'null' : String(v));

const NAME_RE = /^[A-Za-z_][\w.\-/]*$/;

function num(text: string, what: 'low' | 'high' | 'step', errs: string[], int = false): number {
  const v = Number(text.trim());
  const field = t(`space.field.${what}`);
  if (text.trim() === '' || !Number.isFinite(v)) errs.push(t('space.mustBeNumber', { field }));
  else if (int && !Number.isInteger(v)) errs.push(t('space.mustBeWhole', { field }));
  return v;
}

/** One row to its JSON, with the problems a person should fix first (empty when none). */
export function rowToParam(row: ParamRow): { param: ParamJson | null; errors: string[] } {
  const errs: string[] = [];
  let param: ParamJson | null = null;
  switch (row.kind) {
    case 'float':
    case 'int': {
      const int = row.kind === 'int';
      const low = num(row.low, 'low', errs, int);
      const high = num(row.high, 'high', errs, int);
      if (!errs.length && (int ? low > high : low >= high)) errs.push(t(int ? 'space.lowAtMostHigh' : 'space.lowBelowHigh'));
      if (row.log && low <= 0) errs.push(t('space.logNeedsPositive'));
      const step = row.step.trim() === '' ? undefined : num(row.step, 'step', errs, int);
      if (step !== undefined && !(step > 0)) errs.push(t('space.stepPositive'));
      if (int && row.log && step !== undefined && step !== 1) errs.push(t('space.logNoStep'));
      param = int
        ? { kind: 'int', low, high, ...(step !== undefined ? { step } : {}), ...(row.log ? { log: true } : {}) }
        : { kind: 'float', low, high, ...(row.log ? { log: true } : {}) };
      break;
    }
    case 'categorical': {
      const choices = parseList(row.choices);
      if (!choices.length) errs.push(t('space.addChoice'));
      if (new Set(choices.map((c) => `${typeof c}:${String(c)}`)).size !== choices.length) errs.push(t('space.distinctChoices'));
      param = { kind: 'categorical', choices };
      break;
    }
    case 'fixed':
      if (row.value.trim() === '') errs.push(t('space.enterValue'));
      param = { kind: 'fixed', value: parseScalar(row.value) };
      break;
  }
  if (row.conditional) {
    if (!row.whenParam) errs.push(t('space.chooseWhen'));
    else if (row.whenParam === row.name.trim()) errs.push(t('space.selfDependent'));
    const value = row.whenOp === 'in' ? parseList(row.whenValue) : parseScalar(row.whenValue);
    if (row.whenValue.trim() === '') errs.push(t('space.enterWhenValue'));
    if ((row.whenOp === 'gt' || row.whenOp === 'gte') && typeof value !== 'number') errs.push(t('space.comparesNumber', { op: row.whenOp }));
    if (param) param.when = { param: row.whenParam, op: row.whenOp, value };
  }
  return { param: errs.length ? null : param, errors: errs };
}

/** The whole form to space JSON; errors keyed by row key ('' for form-level ones). */
export function rowsToSpace(rows: readonly ParamRow[]): { space: SpaceJson; errors: Map<number | '', string[]> } {
  const errors = new Map<number | '', string[]>();
  const params: Record<string, ParamJson> = {};
  const seen = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const { param, errors: errs } = rowToParam(row);
    if (!name) errs.unshift(t('space.giveName'));
    else if (!NAME_RE.test(name)) errs.unshift(t('space.nameRule'));
    else if (seen.has(name)) errs.unshift(t('space.definedTwice', { name }));
    else if (row.conditional && row.whenParam && !rows.some((r) => r.name.trim() === row.whenParam)) errs.push(t('space.notInSpace', { name: row.whenParam }));
    seen.add(name);
    if (errs.length) errors.set(row.key, errs);
    else if (param) params[name] = param;
  }
  if (!rows.length) errors.set('', [t('space.addParam')]);
  return { space: { params }, errors };
}

/** Back from JSON (e.g. to edit a copy of an existing study). */
export function spaceToRows(space: SpaceJson): ParamRow[] {
  return Object.entries(space.params).map(([name, p]) => {
    const when = p.when
      ? { conditional: true, whenParam: p.when.param, whenOp: p.when.op, whenValue: Array.isArray(p.when.value) ? p.when.value.map(formatScalar).join(', ') : formatScalar(p.when.value) }
      : {};
    switch (p.kind) {
      case 'float':
        return blankRow({ name, kind: 'float', low: String(p.low), high: String(p.high), log: !!p.log, ...when });
      case 'int':
        return blankRow({ name, kind: 'int', low: String(p.low), high: String(p.high), log: !!p.log, step: p.step ? String(p.step) : '', ...when });
      case 'categorical':
        return blankRow({ name, kind: 'categorical', choices: p.choices.map(formatScalar).join(', '), ...when });
      case 'fixed':
        return blankRow({ name, kind: 'fixed', value: formatScalar(p.value), ...when });
    }
  });
}

/**
 * Quick-add buttons for the common knobs, named as the engine expects
 * (docs/studies-api.md: reserved architecture names and dotted run paths).
 * `kinds`: the datasets a quick add fits (absent: any). Dense blocks, their activation and
 * dropout replace a table's or image's head; a text or series model keeps its sequence layers and
 * is tuned by the sequence names instead (spec-from-params.ts sequenceEdits).
 */
const DENSE_KINDS: readonly QuickAddKind[] = ['tabular', 'image', 'any'];
type QuickAddKind = InputKind | 'any';
export type QuickAdd = { id: string; label: MessageKey; rows: () => ParamRow[]; kinds?: readonly QuickAddKind[] };
export const QUICK_ADDS: QuickAdd[] = [
  {
    id: 'depth',
    kinds: DENSE_KINDS,
    label: 'space.quick.depth',
    // units_i only exists when the network has a block i (0-based, so depth > i).
    rows: () => [
      blankRow({ name: 'depth', kind: 'int', low: '1', high: '4' }),
      ...[0, 1, 2, 3].map((i) =>
        blankRow({ name: `units_${i}`, kind: 'int', low: '8', high: '128', step: '8', ...(i > 0 ? { conditional: true, whenParam: 'depth', whenOp: 'gt' as const, whenValue: String(i) } : {}) }),
      ),
    ],
  },
  { id: 'activation', label: 'space.quick.activation', kinds: DENSE_KINDS, rows: () => [blankRow({ name: 'activation', kind: 'categorical', choices: 'relu, tanh, elu' })] },
  { id: 'lr', label: 'space.quick.lr', rows: () => [blankRow({ name: 'hyperparams.optimizer.learningRate', kind: 'float', low: '0.0001', high: '0.1', log: true })] },
  { id: 'batch', label: 'space.quick.batch', rows: () => [blankRow({ name: 'hyperparams.batchSize', kind: 'categorical', choices: '8, 16, 32, 64' })] },
  { id: 'optimizer', label: 'space.quick.optimizer', rows: () => [blankRow({ name: 'hyperparams.optimizer.kind', kind: 'categorical', choices: 'adam, sgd, rmsprop' })] },
  { id: 'dropout', label: 'space.quick.dropout', kinds: DENSE_KINDS, rows: () => [blankRow({ name: 'dropout', kind: 'float', low: '0', high: '0.5' })] },
  // No reserved name for L2 yet: the dotted path reaches the first generated layer.
  { id: 'l2', label: 'space.quick.l2', kinds: DENSE_KINDS, rows: () => [blankRow({ name: 'spec.layers.0.regularizer.l2', kind: 'float', low: '0.000001', high: '0.01', log: true })] },
  // Sequence models: the first embedding's vocabulary, tokens kept and width; transformer blocks; recurrent units.
  { id: 'vocab', label: 'space.quick.vocab', kinds: ['text'], rows: () => [blankRow({ name: 'vocab_size', kind: 'int', low: '1000', high: '20000', log: true })] },
  { id: 'seqLen', label: 'space.quick.seqLen', kinds: ['text'], rows: () => [blankRow({ name: 'seq_len', kind: 'int', low: '32', high: '256', step: '32' })] },
  { id: 'modelDim', label: 'space.quick.modelDim', kinds: ['text'], rows: () => [blankRow({ name: 'model_dim', kind: 'categorical', choices: '32, 64, 128' })] },
  {
    id: 'transformer',
    label: 'space.quick.transformer',
    kinds: ['text', 'series'],
    rows: () => [
      blankRow({ name: 'blocks', kind: 'int', low: '1', high: '4' }),
      blankRow({ name: 'heads', kind: 'categorical', choices: '1, 2, 4' }),
      blankRow({ name: 'ff_units', kind: 'int', low: '64', high: '512', step: '64' }),
    ],
  },
  { id: 'rnnUnits', label: 'space.quick.rnnUnits', kinds: ['text', 'series'], rows: () => [blankRow({ name: 'rnn_units', kind: 'int', low: '16', high: '128', step: '16' })] },
];

/** The quick adds that fit a dataset of this kind, in their order. */
export function quickAddsFor(kind: QuickAddKind): QuickAdd[] {
  return QUICK_ADDS.filter((q) => !q.kinds || q.kinds.includes(kind));
}

/** Adds quick-add rows, replacing rows of the same name (clicking twice must not duplicate). */
export function mergeRows(rows: readonly ParamRow[], added: readonly ParamRow[]): ParamRow[] {
  const names = new Set(added.map((r) => r.name));
  return [...rows.filter((r) => !names.has(r.name.trim())), ...added];
}
