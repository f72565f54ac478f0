/** `modelbench export RUN --out DIR`: model.json + weights, preprocessing.json, model-card.md. */
import { resolve } from 'node:path';
import { COMMON_HELP, createOutput, expectPositionals, parseCommand, withEngine, type CommandContext } from './common.ts';

export const EXPORT_HELP = `Usage: modelbench export RUN [--out DIR]

Writes the run's model (TensorFlow.js Layers format: model.json + weights.bin),
preprocessing.json and model-card.md to DIR. DIR must be new, empty, or an
earlier Modelbench export. Without --out: <home>/exports/<run>-<time>.

${COMMON_HELP}`;

export async function exportCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { out: { type: 'string', short: 'o' } });
  if (values.help) {
    ctx.io.stdout(`${EXPORT_HELP}\n`);
    return 0;
  }
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench export RUN --out DIR');
  const out = createOutput(ctx.io, values.json);
  // Relative to where the user typed the command, not to the engine's idea of a folder.
  const outDir = values.out !== undefined ? resolve(values.out) : undefined;
  const result = await withEngine(ctx, values.home, (engine) => engine.call('runs.export', { runId, outDir }), { readOnly: true });
  out.result(result, () => [`Exported run ${runId} to ${result.outDir}`, ...result.files.map((f) => `  ${f}`)].join('\n'));
  return 0;
}
