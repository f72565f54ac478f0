/**
 * One grammar for deleting: `modelbench <group> delete ID... [--yes]` for
 * `dataset`, `runs`, `study`, `experiments` and `ensemble`. Without --yes it prints what it
 * would delete (rows, files and their size) and deletes nothing (exit 2). With
 * --yes every id is looked up and checked first (a dataset that runs or studies
 * use, a job still running, are refused with what to do), then each is deleted
 * through the engine, which removes its rows and files together.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { Engine } from '../engine/engine.ts';
import { createOutput, UsageError, withEngine, type CommandContext } from './common.ts';

export type DeleteKind = 'dataset' | 'run' | 'study' | 'experiment' | 'ensemble';

export type DeletePlan = {
  kind: DeleteKind;
  id: string;
  name: string;
  /** What goes from the database, e.g. ['1 run', '120 metric points']. */
  rows: string[];
  /** Folders that go with it. */
  files: { path: string; files: number; bytes: number }[];
  /** What stays, or what the deletion leaves behind. */
  notes: string[];
  /** Why it cannot be deleted now, with what to do; empty when it can. */
  blockers: string[];
};

const GROUP: Record<DeleteKind, string> = { dataset: 'dataset', run: 'runs', study: 'study', experiment: 'experiments', ensemble: 'ensemble' };
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${n === 1 ? word : word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;

/** Files and bytes below a folder (0 and 0 when it does not exist); symlinks are counted, not followed. */
export function folderSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (path: string) => {
    const entries = (() => {
      try {
        return readdirSync(path, { withFileTypes: true });
      } catch {
        return [];
      }
    })();
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files++;
        bytes += statSync(full, { throwIfNoEntry: false })?.size ?? 0;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const folder = (path: string) => ({ path, ...folderSize(path) });

async function allStudies(engine: Engine) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await engine.call('studies.list', { offset, limit: 500 });
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

async function planDataset(engine: Engine, id: string): Promise<DeletePlan> {
  const d = await engine.call('datasets.get', { id });
  const runs = await engine.call('runs.list', { datasetId: d.id, limit: 5 });
  const studies = (await allStudies(engine)).filter((s) => s.datasetId === d.id);
  const blockers: string[] = [];
  if (runs.total > 0) {
    blockers.push(`dataset '${d.name}' has ${plural(runs.total, 'run')} (${runs.items.map((r) => r.id).join(', ')}${runs.total > runs.items.length ? ', …' : ''}); ` +
      `list them with 'modelbench runs --dataset ${d.id} --limit 500' and delete them first with 'modelbench runs delete ID... --yes'`);
  }
  if (studies.length > 0) {
    blockers.push(`dataset '${d.name}' is the data of ${plural(studies.length, 'study')} (${studies.map((s) => s.id).join(', ')}); delete them first with 'modelbench study delete ID --yes'`);
  }
  return { kind: 'dataset', id: d.id, name: d.name, rows: [`1 dataset (${plural(d.numSamples, 'sample')})`], files: [folder(join(engine.home, 'datasets', d.id))], notes: [], blockers };
}

async function planRun(engine: Engine, runId: string): Promise<DeletePlan> {
  const run = await engine.call('runs.get', { runId });
  const { points } = await engine.call('runs.metrics', { runId, maxPoints: 100000 });
  const blockers = run.status === 'running' || run.status === 'queued'
    ? [`run '${run.name}' is ${run.status}; stop it first (Ctrl-C in the 'modelbench train' that runs it, or Cancel in the app), or wait for it to end`]
    : [];
  const notes: string[] = [];
  const study = run.tags.find((t) => t.startsWith('study:'))?.slice('study:'.length);
  if (study) notes.push(`it is a trial of study ${study}: the trial keeps its values, but its model can no longer be exported`);
  const bases = (await engine.call('experiments.list', {})).filter((e) => e.baseRunId === run.id);
  if (bases.length) notes.push(`it is the base run of ${plural(bases.length, 'experiment')} (${bases.map((e) => e.id).join(', ')}), which can then not be resumed`);
  const ensembles = await engine.call('ensembles.list', { memberRunId: run.id, limit: MAX_NAMED, sort: 'createdAt', order: 'asc' });
  if (ensembles.total > 0) notes.push(ensembleNote(ensembles.total, ensembles.items));
  return { kind: 'run', id: run.id, name: run.name, rows: ['1 run', plural(points.length, 'metric point')], files: [folder(join(engine.home, 'runs', run.id))], notes, blockers };
}

/** Ensembles named in a run's plan; the note counts the rest. */
const MAX_NAMED = 10;

function ensembleNote(total: number, named: { id: string; name: string }[]): string {
  const list = named.map((e) => `${e.id} '${e.name}'`).join(', ') + (total > named.length ? `, and ${total - named.length} more` : '');
  return `it is a member of ${plural(total, 'ensemble')} (${list}): their merged models keep its weights, but its slot then has no run or model files (a resumed ensemble trains it again)`;
}

async function planStudy(engine: Engine, studyId: string): Promise<DeletePlan> {
  const { study } = await engine.call('studies.get', { studyId });
  const blockers = study.status === 'running'
    ? [`study '${study.name}' is running; stop it first (Ctrl-C in the 'modelbench tune' that runs it, or Stop in the app)`]
    : [];
  const notes = study.kind === 'train' && study.counts.total > 0 ? [`the runs of its trials stay (modelbench runs --search study:${study.id}; delete them with 'modelbench runs delete')`] : [];
  return { kind: 'study', id: study.id, name: study.name, rows: ['1 study', plural(study.counts.total, 'trial')], files: [], notes, blockers };
}

async function planExperiment(engine: Engine, experimentId: string): Promise<DeletePlan> {
  const e = await engine.call('experiments.get', { experimentId });
  const blockers = e.status === 'running'
    ? [`experiment '${e.name}' is running; stop it first (Ctrl-C in the command that runs it, or 'modelbench experiments cancel ${e.id}' in the same process)`]
    : [];
  const runs = e.steps.filter((s) => s.runId).length;
  return {
    kind: 'experiment', id: e.id, name: e.name, rows: ['1 experiment', plural(e.steps.length, 'step')], files: [],
    notes: runs ? [`the ${plural(runs, 'run')} of its steps stay (delete them with 'modelbench runs delete')`] : [], blockers,
  };
}

async function planEnsemble(engine: Engine, ensembleId: string): Promise<DeletePlan> {
  const e = await engine.call('ensembles.get', { ensembleId });
  const blockers = e.status === 'running'
    ? [`ensemble '${e.name}' is running; stop it first (Ctrl-C in the command that runs it, or Cancel in the app)`]
    : [];
  const runs = e.members.filter((m) => m.runId).length;
  return {
    kind: 'ensemble', id: e.id, name: e.name, rows: ['1 ensemble', plural(e.members.length, 'member slot')], files: [folder(join(engine.home, 'ensembles', e.id))],
    notes: runs ? [`its ${plural(runs, 'member run')} stay (delete them with 'modelbench runs delete')`] : [], blockers,
  };
}

const PLANNERS: Record<DeleteKind, (engine: Engine, id: string) => Promise<DeletePlan>> = {
  dataset: planDataset, run: planRun, study: planStudy, experiment: planExperiment, ensemble: planEnsemble,
};

async function deleteOne(engine: Engine, plan: DeletePlan): Promise<void> {
  if (plan.kind === 'dataset') await engine.call('datasets.delete', { id: plan.id });
  else if (plan.kind === 'run') await engine.call('runs.delete', { runId: plan.id });
  else if (plan.kind === 'study') await engine.call('studies.delete', { studyId: plan.id });
  else if (plan.kind === 'ensemble') await engine.call('ensembles.delete', { ensembleId: plan.id });
  else await engine.call('experiments.delete', { experimentId: plan.id });
}

export function describePlan(plan: DeletePlan): string {
  const lines = [`${plan.kind} ${plan.id} '${plan.name}'`, `  rows   ${plan.rows.join(', ')}`];
  for (const f of plan.files) lines.push(`  files  ${f.path} (${plural(f.files, 'file')}, ${formatBytes(f.bytes)})`);
  for (const n of plan.notes) lines.push(`  note   ${n}`);
  for (const b of plan.blockers) lines.push(`  in use ${b}`);
  return lines.join('\n');
}

/** `modelbench <group> delete ID... [--yes]`. */
export async function deleteCommand(ctx: CommandContext, kind: DeleteKind, ids: string[], flags: { home?: string; json: boolean; yes: boolean }): Promise<number> {
  const usage = `modelbench ${GROUP[kind]} delete ID... [--yes]`;
  if (ids.length === 0) throw new UsageError(`missing ID. Usage: ${usage}`);
  const unique = [...new Set(ids)];
  const out = createOutput(ctx.io, flags.json);
  return withEngine(ctx, flags.home, async (engine) => {
    // Every id is looked up and checked before anything goes: all or nothing.
    const plans: DeletePlan[] = [];
    for (const id of unique) plans.push(await PLANNERS[kind](engine, id));
    const blocked = plans.filter((p) => p.blockers.length > 0);
    if (!flags.yes || blocked.length > 0) {
      for (const plan of plans) out.result({ ...plan, deleted: false }, () => describePlan(plan));
      if (blocked.length > 0) throw new ApiError('conflict', `nothing deleted: ${blocked.flatMap((p) => p.blockers).join('; ')}`);
      throw new UsageError(`nothing deleted: add --yes to delete ${plans.length === 1 ? `this ${kind}` : `these ${plural(plans.length, kind)}`}.`);
    }
    for (const plan of plans) {
      await deleteOne(engine, plan);
      const bytes = plan.files.reduce((sum, f) => sum + f.bytes, 0);
      out.result({ ...plan, deleted: true }, () => `Deleted ${plan.kind} ${plan.id} '${plan.name}' (${plan.rows.join(', ')}${bytes ? `; ${formatBytes(bytes)} of files` : ''}).`);
    }
    return 0;
  });
}
