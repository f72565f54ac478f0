/** `modelbench export RUN --out DIR [--format tfjs|onnx] [--with-preprocessing]`: the model, preprocessing.json, model-card.md. */
import { resolve } from 'node:path';
import { EXPORT_FORMATS, type ExportFormat } from '../api/schemas.ts';
import { COMMON_HELP, createOutput, expectPositionals, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';

export const EXPORT_HELP = `Usage: modelbench export RUN [--out DIR] [--format tfjs|onnx] [--with-preprocessing]

Writes the run's model, preprocessing.json and model-card.md to DIR. DIR must be
new, empty, or an earlier Modelbench export. Without --out: <home>/exports/<run>-<time>.

Options:
  --format tfjs        TensorFlow.js Layers format: model.json + weights.bin (default)
  --format onnx        model.onnx (ONNX opset 17), converted from the trained model
  --with-preprocessing ONNX only: fold the input scaling (and, for regression, the
                       target's inverse transform) into the graph, so the model takes
                       raw features and predicts in the target's units

${COMMON_HELP}`;

/** The format flags, shared by `export` and `study export`. */
export const EXPORT_FORMAT_OPTIONS = {
  format: { type: 'string' },
  'with-preprocessing': { type: 'boolean', default: false },
} as const;

export function exportFormatOf(values: { format?: string; 'with-preprocessing'?: boolean }): { format: ExportFormat; withPreprocessing: boolean } {
  const format = (values.format ?? 'tfjs') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${values.format}'.`);
  const withPreprocessing = values['with-preprocessing'] ?? false;
  if (withPreprocessing && format !== 'onnx') throw new UsageError('--with-preprocessing needs --format onnx (the tfjs export keeps the preprocessing in preprocessing.json).');
  return { format, withPreprocessing };
}

export async function exportCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { out: { type: 'string', short: 'o' }, ...EXPORT_FORMAT_OPTIONS });
  if (values.help) {
    ctx.io.stdout(`${EXPORT_HELP}\n`);
    return 0;
  }
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench export RUN --out DIR');
  const { format, withPreprocessing } = exportFormatOf(values);
  const out = createOutput(ctx.io, values.json);
  // Relative to where the user typed the command, not to the engine's idea of a folder.
  const outDir = values.out !== undefined ? resolve(values.out) : undefined;
  const result = await withEngine(ctx, values.home, (engine) => engine.call('runs.export', { runId, outDir, format, withPreprocessing }), { readOnly: true });
  out.result(result, () => [`Exported run ${runId} (${format}) to ${result.outDir}`, ...result.files.map((f) => `  ${f}`)].join('\n'));
  return 0;
}
