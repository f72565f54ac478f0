/**
 * Exports an ensemble like a run: the merged model (model.json + weights.bin,
 * one tfjs Layers graph that the official tf.loadLayersModel loads, taking raw
 * features), preprocessing.json with `recipe: null` (the scaling is inside
 * the graph, one per member) or, for a text ensemble, the members' shared
 * tokeniser (ensemble.json's recipe, main/data/text/shared-encoding.ts), and a model card listing
 * the members and their weights. The folder is prepared as for runs (a new or empty folder, or an
 * earlier Modelbench export), each file written atomically, model.json last.
 */
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, ExportResult, PreprocessRecipe } from '../api/schemas.ts';
import { prepareOutDir } from '../export/export-run.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, textHowTo } from '../export/preprocessing.ts';
import { readInputRecipe } from '../train/artifacts.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { renderEnsembleCard } from './model-card.ts';
import type { EnsembleDetail } from './types.ts';

export type EnsembleExportSource = { ensemble: EnsembleDetail; dir: string; meta: DatasetMeta | null };

export function ensemblePreprocessing(e: EnsembleDetail, meta: DatasetMeta | null, recipe: PreprocessRecipe | null = null) {
  const text = recipe?.text ? recipe : null;
  return {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    kind: 'ensemble',
    ensembleId: e.id,
    ensembleName: e.name,
    method: e.method,
    dataset: meta ? { id: meta.id, name: meta.name, source: meta.source } : null,
    task: e.task,
    inputShape: meta?.inputShape ?? null,
    featureNames: meta?.featureNames ?? [],
    labelName: meta?.labelName ?? '',
    classes: meta?.classes ?? [],
    /** null: feed raw inputs; each member's scaling is inside the graph. A text ensemble: the tokeniser that turns texts into its input ids. */
    recipe: text,
    /** null: the output is in the target's units (regression members' scalings are undone inside the graph). */
    target: null,
    modelFormat: 'tfjs',
    preprocessingInGraph: true,
    members: e.members.filter((m) => m.role !== 'fold' && m.weight > 0).map((m) => ({ runId: m.runId, runName: m.runName, role: m.role, weight: m.weight })),
    howToUse: [
      ...(text ? textHowTo(text) : []),
      `Shape each input as [batch, ${(meta?.inputShape ?? []).join(', ')}] float32, ${text ? 'token ids' : 'raw values'}${meta?.featureNames.length && !text ? ', columns in featureNames order' : ''}: do not scale them.`,
      e.task === 'classification' ? 'The output is one probability per class; argmax i means classes[i].' : `The output is the predicted ${meta?.labelName ?? 'target'}.`,
    ],
  };
}

export function exportEnsemble({ ensemble, dir, meta }: EnsembleExportSource, outDir: string): ExportResult {
  if (ensemble.status !== 'completed') throw new ApiError('conflict', `Ensemble '${ensemble.name}' is ${ensemble.status}; only a completed ensemble has a model to export.`);
  const modelJson = join(dir, 'model.json');
  if (!existsSync(modelJson)) throw new ApiError('not_found', `Ensemble '${ensemble.name}' has no saved model in ${dir}.`);
  const manifest = (JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  const weights = [...new Set(manifest.flatMap((g) => g.paths ?? []))];
  if (weights.some((f) => typeof f !== 'string' || f !== basename(f) || f === '..')) throw new ApiError('bad_data', `The saved model.json of ensemble ${ensemble.id} names an unexpected weights path.`);
  const target = resolve(outDir);
  prepareOutDir(target);
  const written: string[] = [];
  const write = (name: string, data: string) => {
    writeFileAtomic(join(target, name), data);
    written.push(join(target, name));
  };
  for (const file of weights) {
    copyFileSync(join(dir, file), join(target, file));
    written.push(join(target, file));
  }
  const recipe = readInputRecipe(dir);
  write('preprocessing.json', `${JSON.stringify(ensemblePreprocessing(ensemble, meta, recipe), null, 2)}\n`);
  write('model-card.md', renderEnsembleCard(ensemble, meta, new Date().toISOString(), recipe?.text !== undefined));
  write('model.json', readFileSync(modelJson, 'utf8'));
  return { outDir: target, files: written };
}
