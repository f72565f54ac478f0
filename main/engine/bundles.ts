/**
 * Bundle handlers: thin wiring of bundles.export / bundles.import to
 * main/bundle, under the path policy (a restricted caller writes bundles only
 * inside <home>/exports or a folder the user chose, and reads them only from
 * the data folder or files the user chose).
 */
import { join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import type { ParsedParams } from '../api/contract.ts';
import { exportBundle } from '../bundle/export.ts';
import { BUNDLE_EXTENSION } from '../bundle/format.ts';
import { importBundle } from '../bundle/import.ts';
import { homeLayout, type JobContext } from '../run/context.ts';
import { assertReadable, assertWritable } from '../run/path-policy.ts';

export function bundleHandlers(ctx: JobContext) {
  return {
    'bundles.export': ({ kind, id, outFile, withData }: ParsedParams<'bundles.export'>) => {
      const target = outFile
        ? assertWritable(ctx.paths, outFile, 'bundle')
        : join(homeLayout(ctx.home).exports, `${id}-${new Date().toISOString().replace(/[:.]/g, '-')}${BUNDLE_EXTENSION}`);
      return exportBundle({ store: ctx.store, versions: ctx.versions, artifacts: ctx.artifacts }, { kind, id, withData }, target);
    },
    'bundles.import': ({ file }: ParsedParams<'bundles.import'>) => {
      if (ctx.ownerId === null) throw new ApiError('forbidden', 'This Modelbench was opened read-only; importing a bundle writes to the data folder.');
      return importBundle({ home: ctx.home, store: ctx.store, artifacts: ctx.artifacts }, assertReadable(ctx.paths, file, 'bundle'));
    },
  };
}
