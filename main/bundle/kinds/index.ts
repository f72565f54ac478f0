/**
 * The kinds a bundle can hold: one place to add one. A kind (what
 * `bundles.export` takes; add its name to BUNDLE_KINDS in ../types.ts) and the
 * job sections of records.json (what an import inserts after datasets, runs and
 * metrics, in this order).
 */
import { ApiError } from '../../api/errors.ts';
import { experimentKind, experimentSection } from './experiment.ts';
import { runKind } from './run.ts';
import { studyKind, studySection } from './study.ts';
import type { BundleKind, JobSection } from './types.ts';

import { BUNDLE_KINDS, type BundleKindName } from '../types.ts';

const KINDS: Record<BundleKindName, BundleKind> = { run: runKind, study: studyKind, experiment: experimentKind };

/** Store order: studies (their trials point at runs), then experiments (their steps point at runs). */
export const JOB_SECTIONS: readonly JobSection<unknown>[] = [studySection, experimentSection];

export function bundleKind(name: string): BundleKind {
  const kind = KINDS[name as BundleKindName];
  if (!kind) throw new ApiError('invalid_argument', `Unknown bundle kind '${name}'; one of ${BUNDLE_KINDS.join(', ')}.`);
  return kind;
}

export function jobSection(section: string): JobSection<unknown> | undefined {
  return JOB_SECTIONS.find((s) => s.section === section);
}

export type { BundleKind, BundleRoot, JobSection, Liveness } from './types.ts';
