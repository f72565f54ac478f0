/**
 * `modelbench presets`: the ready-made models --model and --student accept,
 * with their size on a typical input of their kind (the head the builder adds
 * included), counted from the spec without building it.
 */
import type { ModelPreset } from '../api/schemas.ts';
import { analyseSpec } from '../model/counts.ts';
import { COMMON_HELP, createOutput, expectPositionals, formatTable, parseCommand, withEngine, type CommandContext } from './common.ts';

/** What "a typical input" means for each kind: an MNIST-sized image, a small table. */
export const TYPICAL_INPUTS = {
  image: { inputShape: [28, 28, 1], outputUnits: 10, label: '28×28×1 image, 10 classes' },
  tabular: { inputShape: [20], outputUnits: 3, label: '20 features, 3 classes' },
  text: { inputShape: [128], outputUnits: 2, label: '128 tokens, 2 classes' },
  series: { inputShape: [28, 1], outputUnits: 7, label: '28 steps of 1 value, 7-step forecast' },
} as const;

export const PRESETS_HELP = `Usage: modelbench presets

Lists the model presets that 'train --model PRESET_ID' and 'distill --student
PRESET_ID' accept: id, name, input kind, parameters on a typical input of that
kind (${TYPICAL_INPUTS.image.label}; ${TYPICAL_INPUTS.tabular.label}) and a description.
With --json: one preset per line with its full spec and hyperparameters; save
one to a file and edit it to make your own (format: docs/model-spec.md).

${COMMON_HELP}`;

export type PresetRow = ModelPreset & { typicalInput: string; paramCount: number | null; flops: number | null };

export function presetRow(preset: ModelPreset): PresetRow {
  const typical = preset.inputKind === 'image' || preset.inputKind === 'text' || preset.inputKind === 'series' ? TYPICAL_INPUTS[preset.inputKind] : TYPICAL_INPUTS.tabular;
  const count = analyseSpec(preset.spec, [...typical.inputShape], typical.outputUnits);
  return { ...preset, typicalInput: typical.label, paramCount: count.ok ? count.paramCount : null, flops: count.ok ? count.flops : null };
}

export async function presetsCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) {
    ctx.io.stdout(`${PRESETS_HELP}\n`);
    return 0;
  }
  expectPositionals(positionals, [], 'modelbench presets');
  const out = createOutput(ctx.io, values.json);
  const presets = await withEngine(ctx, values.home, (engine) => engine.call('models.presets', {}), { readOnly: true });
  const rows = presets.map(presetRow);
  for (const row of rows) out.record(row);
  out.text(formatTable(['ID', 'NAME', 'INPUT', 'PARAMS', 'ON', 'DESCRIPTION'], rows.map((r) => [
    r.id, r.name, r.inputKind, r.paramCount === null ? '-' : r.paramCount.toLocaleString('en-US'), r.typicalInput, r.description,
  ])));
  return 0;
}
