/** Bundle import warnings: every kind round-trips with the wording of before, names holding the template's own words included. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRoundTrips } from '../util/codec-examples.ts';
import { BUNDLE_WARNING_TEXT, formatBundleWarning, parseBundleWarning, type BundleWarningParts } from '../../../main/bundle/warnings.ts';

const EXAMPLES: { [K in BundleWarningParts['key']]: [Extract<BundleWarningParts, { key: K }>, string] } = {
  datasetRenamed: [{ key: 'datasetRenamed', params: { name: 'iris', renamed: 'iris (2)' } }, "Dataset 'iris' was added as 'iris (2)': a dataset here already has that name."],
  lineageDropped: [
    { key: 'lineageDropped', params: { run: 'run_b', relation: 'pruned', parent: 'run_a' } },
    'Run run_b was pruned from run run_a, which is neither in the bundle nor here; its lineage link is left out.',
  ],
};

test('every kind formats to the English of before, and parses back to its parts', () => {
  assertRoundTrips(BUNDLE_WARNING_TEXT, EXAMPLES, formatBundleWarning, parseBundleWarning);
  const odd = { key: 'datasetRenamed', params: { name: "it's: here", renamed: "it's: here (2)" } } as const;
  assert.deepEqual(parseBundleWarning(formatBundleWarning(odd)), odd);
  assert.equal(parseBundleWarning('Dataset iris was added.'), null);
});
