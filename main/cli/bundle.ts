/** `modelbench bundle export ID --out FILE.mbz [--with-data]` and `modelbench bundle import FILE.mbz`: results that move between data folders. */
import { resolve } from 'node:path';
import { BUNDLE_KINDS, type BundleKindName } from '../bundle/types.ts';
import { COMMON_HELP, createOutput, expectPositionals, parseCommand, UsageError, withEngine, type CommandContext } from './common.ts';

export const BUNDLE_HELP = `Usage: modelbench bundle export ID [--out FILE.mbz] [--with-data] [--kind run|study|experiment]
       modelbench bundle import FILE.mbz

export   writes a run, a study (its trials, their runs and the best model) or a
         compression experiment (its steps and their runs) to one .mbz archive:
         records, metric points and model files, with a checksum for each
         (docs/bundles.md). ID is a run (run_…), study (study_…) or experiment
         (exp_…) id; --kind says which for other ids. Without --out:
         <home>/exports/<id>-<time>.mbz.
  --with-data   include the dataset, for data folders that do not have it
import   brings a bundle into this data folder, whole or not at all: the same
         ids, or new ones where they are taken here (printed, with every
         reference rewritten). The runs' dataset must be in the bundle or
         already here (the same data, under any id).

${COMMON_HELP}`;

const PREFIXES: Record<string, BundleKindName> = { run_: 'run', study_: 'study', exp_: 'experiment' };

export async function bundleCommand(ctx: CommandContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    out: { type: 'string', short: 'o' },
    'with-data': { type: 'boolean', default: false },
    kind: { type: 'string' },
  });
  if (values.help || positionals.length === 0) {
    ctx.io.stdout(`${BUNDLE_HELP}\n`);
    return values.help ? 0 : 2;
  }
  const out = createOutput(ctx.io, values.json);
  const [action, ...rest] = positionals;
  if (action === 'export') {
    const [id] = expectPositionals(rest, ['ID'], 'modelbench bundle export ID --out FILE.mbz');
    const kind = kindOf(id, values.kind);
    const outFile = values.out !== undefined ? resolve(values.out) : undefined;
    const result = await withEngine(ctx, values.home, (engine) => engine.call('bundles.export', { kind, id, outFile, withData: values['with-data'] }), { readOnly: true });
    out.result(result, () => {
      const jobs = Object.entries(result.contents.jobs).map(([section, n]) => `${n} ${section}`);
      const holds = [...jobs, `${result.contents.runs} run(s)`, `${result.contents.metricPoints} metric points`, `${result.contents.datasets} dataset(s) ${result.withData ? 'with their data' : 'described, not included'}`];
      return `Exported ${kind} '${result.name}' (${id}) to ${result.file} (${(result.bytes / 1024).toFixed(1)} KiB): ${holds.join(', ')}`;
    });
    return 0;
  }
  if (action === 'import') {
    if (values['with-data'] || values.kind !== undefined || values.out !== undefined) throw new UsageError('bundle import takes only FILE.mbz (and the common options).');
    const [file] = expectPositionals(rest, ['FILE'], 'modelbench bundle import FILE.mbz');
    const result = await withEngine(ctx, values.home, (engine) => engine.call('bundles.import', { file: resolve(file) }));
    out.result(result, () =>
      [
        `Imported ${result.kind} '${result.name}' as ${result.id}: ${result.counts.runs} run(s), ${result.counts.metricPoints} metric points`,
        ...result.datasets.map((d) => `  dataset ${d.id} '${d.name}': ${d.added ? 'added from the bundle' : 'already here'}`),
        ...(result.remapped.length ? ['Ids taken here, renamed (references rewritten):', ...result.remapped.map((r) => `  ${r.what} ${r.from} -> ${r.to}`)] : []),
        ...result.warnings.map((w) => `warning: ${w}`),
      ].join('\n'),
    );
    return 0;
  }
  throw new UsageError(`unknown bundle action '${action}'; use 'bundle export ID' or 'bundle import FILE.mbz'.`);
}

function kindOf(id: string, flag: string | undefined): BundleKindName {
  if (flag !== undefined) {
    if (!(BUNDLE_KINDS as readonly string[]).includes(flag)) throw new UsageError(`--kind must be one of ${BUNDLE_KINDS.join(', ')}, got '${flag}'.`);
    return flag as BundleKindName;
  }
  const found = Object.entries(PREFIXES).find(([prefix]) => id.startsWith(prefix));
  if (!found) throw new UsageError(`cannot tell whether '${id}' is a run, a study or an experiment; add --kind run|study|experiment.`);
  return found[1];
}
