/**
 * Exports an ensemble like a run: the merged model (model.json + weights.bin,
 * one tfjs Layers graph that the official tf.loadLayersModel loads, taking raw
 * features, or the same graph as model.onnx), preprocessing.json with `recipe: null` (the scaling is inside
 * the graph, one per member) or, for a text ensemble, the members' shared
 * tokeniser (ensemble.json's recipe, main/data/text/shared-encoding.ts), and a model card listing
 * the members and their weights. The folder is prepared as for runs (a new or empty folder, or an
 * earlier Modelbench export), each file written atomically, model.json last.
 */
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, ExportFormat, ExportResult, PreprocessRecipe } from '../api/schemas.ts';
import { ONNX_FILE, prepareOutDir } from '../export/export-run.ts';
import { layersModelToOnnx } from '../export/onnx/convert.ts';
import { loadModelFiles } from '../model/io.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, textHowTo } from '../export/preprocessing.ts';
import { readInputRecipe } from '../train/artifacts.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { renderEnsembleCard } from './model-card.ts';
import type { EnsembleDetail } from './types.ts';

/** `version`: the Modelbench version that writes the export (the ONNX producer version). */
export type EnsembleExportSource = { ensemble: EnsembleDetail; dir: string; meta: DatasetMeta | null; version?: string };

export function ensemblePreprocessing(e: EnsembleDetail, meta: DatasetMeta | null, recipe: PreprocessRecipe | null = null, format: ExportFormat = 'tfjs') {
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
    modelFormat: format,
    preprocessingInGraph: true,
    members: e.members.filter((m) => m.role !== 'fold' && m.weight > 0).map((m) => ({ runId: m.runId, runName: m.runName, role: m.role, weight: m.weight })),
    howToUse: [
      ...(text ? textHowTo(text) : []),
      `Shape each input as [batch, ${(meta?.inputShape ?? []).join(', ')}] float32, ${text ? 'token ids' : 'raw values'}${meta?.featureNames.length && !text ? ', columns in featureNames order' : ''}: do not scale them.`,
      e.task === 'classification' ? 'The output is one probability per class; argmax i means classes[i].' : `The output is the predicted ${meta?.labelName ?? 'target'}.`,
    ],
  };
}

/**
 * `format`: 'tfjs' (model.json + weights.bin, copied) or 'onnx' (model.onnx, converted from the
 * merged model; the members' scalings are in it either way, a text ensemble's tokeniser is not).
 * The model is converted before the folder is touched, so one that cannot export leaves it as it was.
 */
export async function exportEnsemble({ ensemble, dir, meta, version = '' }: EnsembleExportSource, outDir: string, format: ExportFormat = 'tfjs'): Promise<ExportResult> {
  if (ensemble.status !== 'completed') throw new ApiError('conflict', `Ensemble '${ensemble.name}' is ${ensemble.status}; only a completed ensemble has a model to export.`);
  const modelJson = join(dir, 'model.json');
  if (!existsSync(modelJson)) throw new ApiError('not_found', `Ensemble '${ensemble.name}' has no saved model in ${dir}.`);
  const manifest = (JSON.parse(readFileSync(modelJson, 'utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
  const weights = [...new Set(manifest.flatMap((g) => g.paths ?? []))];
  if (weights.some((f) => typeof f !== 'string' || f !== basename(f) || f === '..')) throw new ApiError('bad_data', `The saved model.json of ensemble ${ensemble.id} names an unexpected weights path.`);
  const onnx = format === 'onnx' ? await ensembleOnnx(ensemble, dir, meta, version) : null;
  const target = resolve(outDir);
  prepareOutDir(target);
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(target, name), data);
    written.push(join(target, name));
  };
  // An earlier export in the other format leaves no model files of it behind.
  for (const name of onnx ? ['model.json', ...weights] : [ONNX_FILE]) rmSync(join(target, name), { force: true });
  if (!onnx) {
    for (const file of weights) {
      copyFileSync(join(dir, file), join(target, file));
      written.push(join(target, file));
    }
  }
  const recipe = readInputRecipe(dir);
  write('preprocessing.json', `${JSON.stringify(ensemblePreprocessing(ensemble, meta, recipe, format), null, 2)}\n`);
  write('model-card.md', renderEnsembleCard(ensemble, meta, new Date().toISOString(), recipe?.text !== undefined));
  if (onnx) write(ONNX_FILE, onnx);
  else write('model.json', readFileSync(modelJson, 'utf8'));
  return { outDir: target, files: written };
}

/** The merged model as ONNX bytes: raw features (or a text ensemble's shared token ids) in, the ensemble's output out. */
async function ensembleOnnx(e: EnsembleDetail, dir: string, meta: DatasetMeta | null, version: string): Promise<Uint8Array> {
  const model = await loadModelFiles(dir);
  try {
    return layersModelToOnnx(model, {
      recipe: null,
      target: null,
      producerVersion: version,
      docString: `Ensemble '${e.name}' (${e.id}, ${e.method} of ${e.memberCount} members)${meta ? ` on dataset '${meta.name}'` : ''}, exported by Modelbench.`,
      metadata: {
        ensembleId: e.id,
        task: e.task ?? '',
        labelName: meta?.labelName ?? '',
        classes: JSON.stringify(meta?.classes ?? []),
        featureNames: JSON.stringify(meta?.featureNames ?? []),
        preprocessing: 'in-graph',
      },
    });
  } finally {
    model.dispose();
  }
}
