/**
 * Exports a trained run to a folder a user can take anywhere: the tfjs Layers
 * model (model.json + weights), preprocessing.json and model-card.md.
 *
 * Each file is written atomically, and model.json last, so a folder that has a
 * model.json has everything it points to.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { DatasetMeta, ExportResult, PreprocessRecipe, RunRecord } from '../api/schemas.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { renderModelCard } from './model-card.ts';
import { buildPreprocessing, isExportMarker } from './preprocessing.ts';

export type ExportSource = { run: RunRecord; artifactDir: string; meta: DatasetMeta };

export async function exportRun(source: ExportSource, outDir: string): Promise<ExportResult> {
  const { run, artifactDir, meta } = source;
  const target = resolve(outDir);
  const modelJsonText = readArtifact(run, artifactDir, 'model.json');
  const weightFiles = weightPaths(run, modelJsonText);
  const recipe = readRecipe(run, artifactDir);

  prepareOutDir(target);
  const written: string[] = [];
  const write = (name: string, data: string | Uint8Array) => {
    writeFileAtomic(join(target, name), data);
    written.push(join(target, name));
  };
  for (const file of weightFiles) write(file, readArtifact(run, artifactDir, file, 'binary'));
  write('preprocessing.json', `${JSON.stringify(buildPreprocessing(run, meta, recipe), null, 2)}\n`);
  write('model-card.md', renderModelCard({ run, meta, recipe, exportedAt: new Date().toISOString() }));
  write('model.json', modelJsonText);
  return { outDir: target, files: written };
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
function prepareOutDir(target: string): void {
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
