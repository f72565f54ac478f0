/**
 * The model card of an exported ensemble: what it was built from (method,
 * dataset, members with their weights, roles and metrics), how it combines
 * them, how well it does and what it costs. Pure: ensemble + dataset in, text out.
 */
import type { DatasetMeta } from '../api/schemas.ts';
import { confusionSection, escapeMd, fmt, metricsTable, table } from '../export/model-card.ts';
import type { EnsembleDetail } from './types.ts';

const METHOD_TEXT: Record<EnsembleDetail['method'], string> = {
  voting: 'the weighted average of the members\' outputs (soft voting)',
  selection: 'greedy ensemble selection (Caruana et al., 2004) on the validation rows: weights are how often each member was chosen',
  bagging: 'bagging: each member trained on a bootstrap of the training rows (and, where set, a random feature subset); equal weights',
  boosting: 'boosting: AdaBoost (SAMME) weights α for classification, gradient-boosting stages with shrinkage and the training mean as bias for regression',
  stacking: 'stacking: a meta-model trained on the base members\' out-of-fold predictions combines their outputs',
};

/** `text`: the ensemble takes token ids of its members' shared tokeniser (preprocessing.json recipe.text). */
export function renderEnsembleCard(e: EnsembleDetail, meta: DatasetMeta | null, exportedAt: string, text = false): string {
  const combined = e.members.filter((m) => m.role !== 'fold' && m.weight > 0);
  const folds = e.members.filter((m) => m.role === 'fold').length;
  const metric = (m: (typeof e.members)[number], name: string) => {
    const v = m.metrics?.val?.[name];
    return v === undefined ? '' : fmt(v);
  };
  const key = e.task === 'regression' ? 'r2' : 'accuracy';
  const lines = [
    `# ${escapeMd(e.name)}`,
    '',
    `Exported from Modelbench on ${exportedAt}. Ensemble \`${e.id}\`, method **${e.method}**, status **${e.status}**.`,
    '',
    `It combines ${combined.length} member${combined.length === 1 ? '' : 's'} by ${METHOD_TEXT[e.method]}. All members share one dataset and one split, so their validation and test rows are the ensemble's.`,
    '',
    '## Dataset',
    '',
    meta ? table(['Field', 'Value'], [['Name', meta.name], ['Id', meta.id], ['Task', meta.task], ['Input shape', `[${meta.inputShape.join(', ')}]`], ['Label', meta.labelName], ...(meta.task === 'classification' ? [['Classes', meta.classes.join(', ')]] : [])]) : 'The dataset was deleted.',
    '',
    '## Members',
    '',
    table(['Slot', 'Run', 'Role', 'Weight', `Val ${key}`, 'Val loss'], combined.map((m) => [
      String(m.position), m.runName ? `${escapeMd(m.runName)} (\`${m.runId}\`)` : `deleted run${m.runId ? ` ${m.runId}` : ''}`, m.role, fmt(m.weight), metric(m, key), metric(m, 'loss'),
    ])),
    '',
    ...(folds > 0 ? [`Besides these, ${folds} fold models produced the out-of-fold predictions the meta-model learned from; they are not part of the exported model.`, ''] : []),
    '## Combiner',
    '',
    combinerText(e),
    '',
    '## Metrics',
    '',
    metricsTable(e.metrics),
    '',
    ...(meta ? confusionSection(e.metrics, meta) : []),
    '## Cost',
    '',
    e.size
      ? `Parameters: ${e.size.paramCount.toLocaleString('en-US')}. FLOPs per sample (forward): ${e.size.flops.toLocaleString('en-US')}. Model files: ${e.size.bytes.toLocaleString('en-US')} bytes.${e.size.latency ? ` Latency: ${fmt(e.size.latency.medianMs)} ms per batch of ${e.size.latency.batch} (median of ${e.size.latency.repeats}, ${e.size.latency.backend}).` : ''}`
      : 'Not measured.',
    '',
    '## Files',
    '',
    '- `model.json`, `weights.bin`: one tfjs Layers model (`tf.loadLayersModel`): every member\'s preprocessing, layers and the combiner in one graph.',
    text
      ? '- `preprocessing.json`: `recipe.text` is the tokeniser the members share (their vocabularies merged): turn texts into token ids with it (see `howToUse`); a member with its own vocabulary maps those ids to its own inside the graph.'
      : '- `preprocessing.json`: `recipe` is null: the model takes **raw** features (each member scales its own inputs inside the graph).',
    e.task === 'classification' ? '- The output is one probability per class; argmax i means classes[i].' : '- The output is the prediction in the target\'s units.',
    '',
  ];
  return lines.join('\n');
}

function combinerText(e: EnsembleDetail): string {
  const c = e.combiner;
  if (!c) return 'Not stored.';
  if (c.kind === 'meta') return `A ${c.model.kind} meta-model (${c.model.layers.map((l) => `${l.inputs}→${l.units} ${l.activation}`).join(', ')}) over the members' outputs side by side.`;
  return `output = ${c.weights.map((w, i) => `${fmt(w)}·member${i + 1}`).join(' + ')}${c.bias ? ` + ${c.bias.map(fmt).join(', ')}` : ''}`;
}
