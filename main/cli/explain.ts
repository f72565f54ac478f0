/**
 * `modelbench explain RUN --method M`: explains a completed run (feature
 * attributions of rows, or permutation importance) as a job in the engine,
 * followed to its end with the CLI's job follower; Ctrl-C cancels it. A result
 * stored for the same settings is printed at once. With --json the last line
 * is { runId, method, features, rows: [{ index, prediction, base, attributions }] }
 * (permutation: { runId, method, metric, importances: [{ feature, mean, std }] }).
 * --attention prints a text run's attention maps for one row instead (attention.ts).
 */
import type { ExplanationView } from '../api/contract.ts';
import { EXPLAIN_METHODS, EXPLAIN_SPLITS, ExplainRequest, type ExplainMethod, type ExplainSplit, type ExplanationEvent, type GlobalExplanationResult, type LocalExplanationResult } from '../explain/request.ts';
import { MAX_BACKGROUND, MAX_EXACT_PLAYERS, MAX_EXPLAIN_ROWS } from '../limits.ts';
import { DEFAULT_BACKGROUND, DEFAULT_IMAGE_ROWS, DEFAULT_TABLE_ROWS } from '../explain/settings.ts';
import type { Engine } from '../engine/engine.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, schemaDefault, UsageError, withEngine, type CommandContext, type Output } from './common.ts';
import { ATTENTION_HELP, attentionCommand } from './attention.ts';
import { followJob } from './follow.ts';
import { parseInteger } from './numbers.ts';

export const EXPLAIN_HELP = `Usage: modelbench explain RUN --method ${EXPLAIN_METHODS.join('|')}
                         [--rows N | --row I] [--class C] [--background K] [--split val|test]
       modelbench explain RUN --attention [--row I] [--layer L] [--split val|test]

Explains a completed run: which features drive its predictions. Runs as a job
(Ctrl-C cancels it); the result is stored with the run, and asking again with
the same settings prints it at once.
  --method      shap: exact Shapley values up to ${MAX_EXACT_PLAYERS} features, KernelSHAP beyond
                (GradientSHAP on images), and says which; exact-shapley, kernel-shap,
                integrated-gradients, gradient-shap, lime, occlusion (images);
                permutation: how much the validation metric drops when a feature is shuffled
  --rows N      explain the first N rows of the split (default ${DEFAULT_TABLE_ROWS}; images ${DEFAULT_IMAGE_ROWS}; permutation: all, up to ${MAX_EXPLAIN_ROWS})
  --row I       explain row I of the split (0-based)
  --class C     the class whose probability is explained, by index or name (default: each row's predicted class)
  --background K  k-means centres of the training rows the SHAP methods compare with (default ${DEFAULT_BACKGROUND}, at most ${MAX_BACKGROUND})
  --split       val or test (default ${schemaDefault(ExplainRequest.shape.split)})
${ATTENTION_HELP}
With --json the last line is {runId, method, features, rows: [{index, prediction, base, attributions}]},
for permutation {runId, method, metric, importances: [{feature, mean, std}]}. See docs/explain-api.md.

${COMMON_HELP}`;

/** What --json prints last: exactly the issue's shapes. */
export function explainJson(runId: string, view: ExplanationView): Record<string, unknown> {
  const r = view.result;
  if (!r) return { runId, method: view.method, error: view.error };
  if (r.kind === 'global') return { runId, method: r.method, metric: r.metric, importances: r.importances.map(({ feature, mean, std }) => ({ feature, mean, std })) };
  return { runId, method: r.method, features: r.features, rows: r.rows.map(({ index, prediction, base, attributions }) => ({ index, prediction, base, attributions })) };
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${fmt(Math.abs(v))}`;

function describeLocal(r: LocalExplanationResult): string {
  const lines = r.note ? [r.note] : [];
  const meanAbs = r.features.map((f, j) => ({ f, v: r.rows.reduce((s, row) => s + Math.abs(row.attributions[j]), 0) / Math.max(1, r.rows.length) }));
  const top = [...meanAbs].sort((a, b) => b.v - a.v).slice(0, 15);
  lines.push(`Mean |attribution| over ${r.rows.length} row(s):`, formatTable(['FEATURE', 'MEAN |ATTR|'], top.map((t) => [t.f, fmt(t.v)])));
  const output = (t: number) => (r.task === 'classification' ? `P(${r.classes[t] ?? t})` : 'prediction');
  for (const row of r.rows.slice(0, 20)) {
    const largest = row.attributions.map((a, j) => ({ a, j })).sort((x, y) => Math.abs(y.a) - Math.abs(x.a)).slice(0, 5);
    lines.push(`row ${row.index}: ${output(row.target)} = ${fmt(row.prediction)} = base ${fmt(row.base)} ${largest.map((x) => `${signed(x.a)} ${r.features[x.j]}`).join(' ')}${row.attributions.length > 5 ? ' …' : ''}`);
  }
  if (r.rows.length > 20) lines.push(`… ${r.rows.length - 20} more rows (--json prints all)`);
  return lines.join('\n');
}

function describeGlobal(r: GlobalExplanationResult): string {
  const sorted = [...r.importances].sort((a, b) => b.mean - a.mean);
  return [
    `Permutation importance on ${r.rows} rows, ${r.repeats} shuffles per feature: how much ${r.metric} (${fmt(r.baseline)} unshuffled) gets worse`,
    formatTable(['FEATURE', 'MEAN', 'STD'], sorted.map((i) => [i.feature, fmt(i.mean), fmt(i.std)])),
  ].join('\n');
}

/** Class by index or by name, checked against the run's dataset. */
async function classIndex(engine: Engine, runId: string, text: string | undefined): Promise<number | undefined> {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return parseInteger(text, '--class', { min: 0 });
  const run = await engine.call('runs.get', { runId });
  const classes = (await engine.call('datasets.get', { id: run.datasetId })).classes;
  const at = classes.indexOf(text);
  if (at < 0) throw new UsageError(`--class '${text}' is not a class of this run's dataset (${classes.join(', ') || 'a regression has none'}); give its name or index.`);
  return at;
}

function print(e: ExplanationEvent, out: Output): void {
  out.record(e);
  if (e.type === 'explanation-progress') out.text(`explaining… ${Math.floor((100 * e.done) / Math.max(1, e.total))}%`);
}

export async function explainCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    method: { type: 'string' }, attention: { type: 'boolean', default: false }, layer: { type: 'string' }, rows: { type: 'string' }, row: { type: 'string' }, class: { type: 'string' }, background: { type: 'string' }, split: { type: 'string' },
  });
  if (values.help) {
    ctx.io.stdout(`${EXPLAIN_HELP}\n`);
    return 0;
  }
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench explain RUN --method METHOD');
  if (values.split !== undefined && !(EXPLAIN_SPLITS as readonly string[]).includes(values.split)) throw new UsageError(`--split must be val or test, got '${values.split}'.`);
  if (values.attention) {
    const others = (['method', 'rows', 'class', 'background'] as const).filter((k) => values[k] !== undefined);
    if (others.length) throw new UsageError(`--attention draws one row's attention maps; it takes --row, --layer and --split, not ${others.map((k) => `--${k}`).join(', ')}.`);
    const request = { runId, split: values.split as ExplainSplit | undefined, row: parseInteger(values.row, '--row', { min: 0 }), layer: parseInteger(values.layer, '--layer', { min: 0 }) };
    return attentionCommand(ctx, values.home, createOutput(ctx.io, values.json), request);
  }
  if (values.layer !== undefined) throw new UsageError('--layer goes with --attention.');
  if (!values.method) throw new UsageError(`--method is required: one of ${EXPLAIN_METHODS.join(', ')}.`);
  if (!(EXPLAIN_METHODS as readonly string[]).includes(values.method)) throw new UsageError(`--method must be one of ${EXPLAIN_METHODS.join(', ')}, got '${values.method}'.`);
  if (values.rows !== undefined && values.row !== undefined) throw new UsageError('give --rows N (the first N rows) or --row I (one row), not both.');
  const numbers = {
    rows: parseInteger(values.rows, '--rows', { min: 1, max: MAX_EXPLAIN_ROWS }),
    row: parseInteger(values.row, '--row', { min: 0 }),
    background: parseInteger(values.background, '--background', { min: 1, max: MAX_BACKGROUND }),
  };
  const out = createOutput(ctx.io, values.json);
  const { final, interrupted } = await withEngine(ctx, values.home, async (engine) => {
    const request = { runId, method: values.method as ExplainMethod, split: values.split as ExplainSplit | undefined, class: await classIndex(engine, runId, values.class), ...numbers };
    return followJob(ctx, engine, {
      event: 'explanation.event',
      idOf: (e) => e.explanationId,
      start: async () => (await engine.call('runs.explain', request)).explanationId,
      print: (e) => print(e, out),
      check: async (explanationId) => {
        const view = await engine.call('explanations.get', { explanationId });
        return view.status === 'running' ? undefined : view;
      },
      cancel: (explanationId) => engine.call('explanations.cancel', { explanationId }),
      cancelNotice: (id) => `Cancelling explanation ${id}… (Ctrl-C again to quit at once)`,
      pollMs: 250,
    });
  });
  if (final.status === 'completed' && final.result) {
    out.result(explainJson(runId, final), () => (final.result?.kind === 'global' ? describeGlobal(final.result) : describeLocal(final.result as LocalExplanationResult)));
    return 0;
  }
  if (final.status === 'cancelled' || interrupted) return 130;
  out.record({ error: { code: 'failed', message: `explanation ${final.id} ${final.status}${final.error ? `: ${final.error}` : ''}` } });
  ctx.io.stderr(`modelbench: error: explanation ${final.id} ${final.status}${final.error ? `: ${final.error}` : ''}\n`);
  return 1;
}
