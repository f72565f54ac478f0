/**
 * A text-classification dataset laid out like an image folder:
 * <dir>/<class>/<document>.txt. The sub-folder names are the classes (sorted);
 * each file's bytes are decoded like a CSV's (BOM, strict UTF-8, else
 * Windows-1252, with a warning naming how many files were guessed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ApiError } from '../../api/errors.ts';
import { MAX_SEQUENCE_LENGTH, MAX_TEXT_CHARS, MAX_TEXT_FOLDER_FILES } from '../../limits.ts';
import { compareText } from '../labels.ts';
import { count, tooLarge } from '../limit-error.ts';
import { quote } from '../quote.ts';
import { decodeText } from '../text-file.ts';
import type { ParsedDataset } from '../types.ts';
import { defaultMaxLength, textStats } from './stats.ts';
import { checkMaxLength, emptyWarning } from './text-csv.ts';
import { formatImportWarning } from '../import-warnings.ts';

const TEXT_EXTENSIONS = new Set(['.txt', '.text', '.md']);
const visible = (name: string): boolean => !name.startsWith('.') && name !== 'Thumbs.db' && name !== 'desktop.ini';

/** A folder whose class sub-folders hold text files (and no images): what importFromPath sends here. */
export function isTextFolder(dir: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !visible(entry.name)) continue;
    const names = readdirSync(join(dir, entry.name)).filter(visible);
    if (names.some((n) => TEXT_EXTENSIONS.has(extname(n).toLowerCase()))) return true;
    if (names.length > 0) return false;
  }
  return false;
}

export function loadTextFolder(dir: string, opts: { maxLength?: number } = {}, maxFiles = MAX_TEXT_FOLDER_FILES): ParsedDataset {
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new ApiError('not_found', `folder not found: ${dir}`);
  const classes = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && visible(e.name))
    .map((e) => e.name)
    .sort(compareText);
  if (classes.length < 2) throw new ApiError('bad_data', `a text folder needs one sub-folder per class and at least 2 classes; found ${classes.length} in ${dir}`);
  const texts: string[] = [];
  const y: number[] = [];
  const classCounts: number[] = [];
  let guessed = 0;
  let chars = 0;
  classes.forEach((cls, k) => {
    const names = readdirSync(join(dir, cls)).filter((n) => visible(n) && TEXT_EXTENSIONS.has(extname(n).toLowerCase())).sort(compareText);
    if (names.length === 0) throw new ApiError('bad_data', `class folder ${quote(cls)} has no .txt files`);
    if (texts.length + names.length > maxFiles) {
      throw tooLarge(`the text folder ${quote(dir)}`, count(texts.length + names.length, 'files'), count(maxFiles, 'files'), 'Import a smaller folder.', { atLeast: true });
    }
    for (const name of names) {
      const decoded = decodeText(readFileSync(join(dir, cls, name)), `${cls}/${name}`);
      if (decoded.warnings.length > 0) guessed++;
      chars += decoded.text.length;
      if (chars > MAX_TEXT_CHARS) throw tooLarge(`the texts of ${quote(dir)}`, count(chars, 'characters'), count(MAX_TEXT_CHARS, 'characters'), 'Import fewer or shorter files.', { atLeast: true });
      texts.push(decoded.text);
      y.push(k);
    }
    classCounts.push(names.length);
  });
  if (texts.every((t) => t.trim() === '')) throw new ApiError('bad_data', `every text file in ${quote(dir)} is empty: there is nothing to learn from`);
  const stats = textStats([texts]);
  const maxLength = checkMaxLength(opts.maxLength ?? defaultMaxLength(stats, 0, MAX_SEQUENCE_LENGTH));
  const warnings = [...emptyWarning(stats.emptyRows, texts.length)];
  if (guessed > 0) warnings.push(formatImportWarning({ key: 'guessedFiles', params: { files: guessed } }));
  return {
    task: 'classification',
    inputShape: [maxLength],
    x: new Float32Array(0),
    y: Float32Array.from(y),
    classes,
    featureNames: [],
    labelName: 'class',
    classCounts,
    source: 'images',
    texts: { columns: ['text'], values: [texts] },
    info: { text: { textColumns: ['text'], numericColumns: [], maxLength, origin: 'folder', stats } },
    warnings,
  };
}
