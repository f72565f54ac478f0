/**
 * Exports a trained run to a folder a user can take anywhere: the model, as
 * the tfjs Layers files (model.json + weights) or as model.onnx, plus
 * preprocessing.json and model-card.md.
 *
 * Each file is written atomically, and the model file last, so a folder that
 * has a model.json (or model.onnx) has everything it points to. Re-exporting
 * into an earlier export in the other format removes that format's model files.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, ExportFormat, ExportResult, PreprocessRecipe, RunRecord } from '../api/schemas.ts';
import { loadModelFiles } from '../model/io.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { layersModelToOnnx } from './onnx/convert.ts';
import { renderModelCard } from './model-card.ts';
import { buildPreprocessing, exportedTarget, isExportMarker } from './preprocessing.ts';

export type ExportSource = { run: RunRecord; artifactDir: string; meta: DatasetMeta };
export type ExportOptions = {
  /** 'tfjs' (default): model.json + weights.bin; 'onnx': model.onnx (opset 17). */
  format?: ExportFormat;
  /** ONNX only: fold the input scaling and the regression target's inverse transform into the graph. */
  withPreprocessing?: boolean;
};

export const ONNX_FILE = 'model.onnx';

export async function exportRun(source: ExportSource, outDir: string, options: ExportOptions = {}): Promise<ExportResult> {
  const { run, artifactDir, meta } = source;
  const format = options.format ?? 'tfjs';
  const inGraph = options.withPreprocessing === true;
  if (inGraph && format !== 'onnx') {
    throw new ApiError('invalid_argument', 'withPreprocessing folds the preprocessing into an ONNX graph; use it with format "onnx" (the tfjs export keeps it in preprocessing.json).');
  }
  const target = resolve(outDir);
  const modelJsonText = readArtifact(run, artifactDir, 'model.json');
  const weightFiles = weightPaths(run, modelJsonText);
  const recipe = readRecipe(run, artifactDir);
  // Convert before touching the folder: a model that cannot export leaves it as it was.
  const onnx = format === 'onnx' ? await toOnnx(source, recipe, inGraph) : null;

  prepareOutDir(target);
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(target, name), data);
    written.push(join(target, name));
  };
  const stale = onnx ? ['model.json', ...weightFiles] : [ONNX_FILE];
  for (const name of stale) rmSync(join(target, name), { force: true });
  if (!onnx) for (const file of weightFiles) write(file, readArtifact(run, artifactDir, file, 'binary'));
  const exportedAt = new Date().toISOString();
  write('preprocessing.json', `${JSON.stringify(buildPreprocessing(run, meta, recipe, { format, inGraph }), null, 2)}\n`);
  write('model-card.md', renderModelCard({ run, meta, recipe, exportedAt, format, inGraph }));
  if (onnx) write(ONNX_FILE, onnx);
  else write('model.json', modelJsonText);
  return { outDir: target, files: written };
}

/** The run's trained model (its own layers and weights) as ONNX bytes, with the preprocessing in the graph when asked. */
async function toOnnx({ run, artifactDir, meta }: ExportSource, recipe: PreprocessRecipe | null, inGraph: boolean): Promise<Uint8Array> {
  const model = await loadModelFiles(artifactDir);
  try {
    return layersModelToOnnx(model, {
      recipe: inGraph ? recipe : null,
      target: inGraph ? exportedTarget(recipe) : null,
      producerVersion: run.versions.modelbench ?? '',
      docString: `Run '${run.name}' (${run.id}) on dataset '${meta.name}', exported by Modelbench.`,
      metadata: {
        runId: run.id,
        task: meta.task,
        labelName: meta.labelName,
        classes: JSON.stringify(meta.classes),
        featureNames: JSON.stringify(meta.featureNames),
        preprocessing: inGraph ? 'in-graph' : 'preprocessing.json',
      },
    });
  } finally {
    model.dispose();
  }
}

function readArtifact(run: RunRecord, dir: string, name: string): string;
function readArtifact(run: RunRecord, dir: string, name: string, mode: 'binary'): Uint8Array;
function readArtifact(run: RunRecord, dir: string, name: string, mode?: 'binary'): string | Uint8Array {
  const path = join(dir, name);
  if (!existsSync(path)) {
    throw new ApiError('not_found', `Run '${run.name}' (${run.id}, ${run.status}) has no saved model file ${name}; only runs that saved a model can be exported.`);
  }
  return mode === 'binary' ? readFileSync(path) : readFileSync(path, 'utf8');
}

/** The weight files model.json names; they must be plain names inside the artifact folder. */
function weightPaths(run: RunRecord, modelJsonText: string): string[] {
  let manifest: unknown;
  try {
    manifest = (JSON.parse(modelJsonText) as { weightsManifest?: unknown }).weightsManifest;
  } catch {
    throw new ApiError('bad_data', `The saved model.json of run ${run.id} is not valid JSON.`);
  }
  if (!Array.isArray(manifest)) throw new ApiError('bad_data', `The saved model.json of run ${run.id} has no weightsManifest.`);
  const paths = manifest.flatMap((group: { paths?: unknown }) => (Array.isArray(group.paths) ? group.paths : []));
  for (const p of paths) {
    if (typeof p !== 'string' || p !== basename(p) || p === '..' || p === '.' || p.includes('\\')) {
      throw new ApiError('bad_data', `The saved model.json of run ${run.id} names an unexpected weights path: ${String(p)}`);
    }
  }
  return [...new Set(paths as string[])];
}

function readRecipe(run: RunRecord, dir: string): PreprocessRecipe | null {
  const path = join(dir, 'recipe.json');
  if (!existsSync(path)) {
    if (run.config.hyperparams.preprocess === 'none') return null;
    throw new ApiError('not_found', `Run ${run.id} has no recipe.json; without it new inputs cannot be preprocessed like the training data.`);
  }
  const recipe = JSON.parse(readFileSync(path, 'utf8')) as PreprocessRecipe | null;
  if (recipe !== null && (!Array.isArray(recipe.center) || !Array.isArray(recipe.scale))) {
    throw new ApiError('bad_data', `The recipe.json of run ${run.id} is not a preprocessing recipe.`);
  }
  return recipe;
}

/** Creates the folder, or accepts it when empty or when it holds an earlier Modelbench export. */
export function prepareOutDir(target: string): void {
  if (!existsSync(target)) {
    mkdirSync(target, { recursive: true });
    return;
  }
  if (!statSync(target).isDirectory()) throw new ApiError('conflict', `Cannot export to '${target}': it is a file, not a folder.`);
  if (readdirSync(target).length === 0) return;
  const marker = join(target, 'preprocessing.json');
  let previous: unknown = null;
  try {
    previous = JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    // Missing or unreadable: not ours.
  }
  if (!isExportMarker(previous)) {
    throw new ApiError('conflict', `Cannot export to '${target}': the folder is not empty and is not a previous Modelbench export. Choose a new or empty folder.`);
  }
}
