/**
 * `modelbench explain RUN --attention [--row I] [--split val|test] [--layer L]`:
 * one row's attention maps of a text run (runs.attention, a short job). Prints
 * the row's tokens and, per attention layer, its heads, the maps' shape and the
 * strongest token → token pairs of the heads' mean (a token attending to itself
 * left out). With --json the last line is the whole answer:
 * { runId, split, row, tokens, layers: [{ layer, heads: [head][query][key] }] }.
 */
import type { AttentionResult } from '../api/contract.ts';
import type { ExplainSplit } from '../explain/request.ts';
import { meanOfHeads, topPairs } from '../explain/sequence/attention-summary.ts';
import { fmt, formatTable, withEngine, type CommandContext, type Output } from './common.ts';

/** Pairs printed per layer: enough to see what a layer links, short enough for one line each. */
const PAIRS_PER_LAYER = 5;

export const ATTENTION_HELP = `  --attention   instead of attributions: a text run's attention maps for one row (--row I, default 0),
                per layer and head; --layer L for one layer (0-based). --json prints every weight`;

export function describeAttention(r: AttentionResult): string {
  const lines = [`Row ${r.row} of the ${r.split} split: ${r.tokens.length} token(s): ${r.tokens.join(' ')}`];
  const rows = r.layers.map((l) => {
    const pairs = topPairs(meanOfHeads(l.heads), PAIRS_PER_LAYER, { skipSelf: true });
    return [l.layer, String(l.heads.length), `${r.tokens.length} x ${r.tokens.length}`, pairs.map((p) => `${r.tokens[p.query]} → ${r.tokens[p.key]} ${fmt(p.weight, 3)}`).join(', ')];
  });
  lines.push(formatTable(['LAYER', 'HEADS', 'MAP', 'STRONGEST PAIRS (MEAN OF HEADS, SELF LEFT OUT)'], rows));
  return lines.join('\n');
}

export async function attentionCommand(ctx: CommandContext, home: string | undefined, out: Output, request: { runId: string; split?: ExplainSplit; row?: number; layer?: number }): Promise<number> {
  const result = await withEngine(ctx, home, (engine) => engine.call('runs.attention', request));
  out.result(result, () => describeAttention(result));
  return 0;
}
