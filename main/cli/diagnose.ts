/**
 * `modelbench diagnose RUN`: the advisor's findings on a run (from its loss
 * curves and the diagnostics recorded while it trained) and where each layer
 * ended. Reads only. With --json the last line is
 * { runId, findings: [{ code, severity, layer, epoch, evidence, remedy }], layers: [per-layer summaries] }.
 */
import type { Diagnosis } from '../diagnose/advisor/types.ts';
import { COMMON_HELP, createOutput, expectPositionals, fmt, formatTable, parseCommand, withEngine, type CommandContext } from './common.ts';

export const DIAGNOSE_HELP = `Usage: modelbench diagnose RUN

What went wrong in training and what to change: vanishing or exploding
gradients, dead or saturated units, over- and underfitting, a learning rate too
high or too low, each with the layer and epoch, the evidence and the remedy.
Reads the run's loss curves and the per-layer diagnostics recorded while it
trained (hyperparams.diagnostics, on by default). In the app, each finding has
a button that trains a new run with its change. See docs/explain-api.md.

${COMMON_HELP}`;

/** What --json prints: exactly the issue's shape. */
export const diagnoseJson = (d: Diagnosis) => ({
  runId: d.runId,
  findings: d.findings.map(({ code, severity, layer, epoch, evidence, remedy }) => ({ code, severity, layer, epoch, evidence, remedy })),
  layers: d.layers,
});

const share = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(0)}%`);
const sci = (v: number | null) => (v === null ? '-' : v.toExponential(2));

export function describeDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  if (d.findings.length === 0) lines.push(`No findings for run ${d.runId}: its curves and layers look healthy.`);
  for (const f of d.findings) {
    const where = [f.layer ? `layer ${f.layer}` : null, f.epoch !== null ? `from epoch ${f.epoch}` : null].filter(Boolean).join(', ');
    lines.push(`${f.severity.toUpperCase()} ${f.code}${where ? ` (${where})` : ''}: ${f.evidence}`, `  remedy: ${f.remedy}`);
    if (f.change) lines.push(`  suggested change: ${f.change.summary}`);
  }
  if (d.epochsRecorded === 0) lines.push('No diagnostics were recorded for this run (hyperparams.diagnostics.enabled false, or trained before they existed): findings come from the loss curves alone.');
  else {
    lines.push(`Layers at epoch ${d.layers[0]?.epoch ?? '-'} (${d.epochsRecorded} recorded epochs):`);
    lines.push(
      formatTable(
        ['LAYER', 'KIND', 'ACT', 'PARAMS', 'GRAD NORM', 'MIN..MAX', 'UPDATE', 'DEAD', 'SATURATED'],
        d.layers.map((l) => [
          l.layer, l.className, l.activation ?? '-', String(l.params), sci(l.gradNorm), l.minGradNorm === null ? '-' : `${sci(l.minGradNorm)}..${sci(l.maxGradNorm)}`,
          l.updateRatio === null ? '-' : fmt(l.updateRatio), share(l.deadFraction), share(l.saturatedFraction),
        ]),
      ),
    );
  }
  return lines.join('\n');
}

export async function diagnoseCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {});
  if (values.help) {
    ctx.io.stdout(`${DIAGNOSE_HELP}\n`);
    return 0;
  }
  const [runId] = expectPositionals(positionals, ['RUN'], 'modelbench diagnose RUN');
  const diagnosis = await withEngine(ctx, values.home, (engine) => engine.call('runs.diagnose', { runId }), { readOnly: true });
  createOutput(ctx.io, values.json).result(diagnoseJson(diagnosis), () => describeDiagnosis(diagnosis));
  return 0;
}
