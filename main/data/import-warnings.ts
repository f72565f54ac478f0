/**
 * The wording of dataset import warnings (pure, browser-safe): what an import
 * changed or guessed, stored with the dataset as English text
 * (DatasetMeta.warnings) and printed by the CLI. The importers make each one
 * with `formatImportWarning`; the renderer reads it back with
 * `parseImportWarning` to say it in the UI's language. Parsing rather than
 * storing the parts beside the text: the store, bundles and the CLI keep
 * carrying one string list, and datasets imported before keep translating,
 * since the wording is the same. A text no template makes parses to null.
 */
import { messageCodec, type PartsOf } from '../util/message-template.ts';

/** English templates by key (also the renderer's English catalogue). */
export const IMPORT_WARNING_TEXT = {
  droppedMissing: 'dropped {{dropped}} of {{rows}} rows with missing values ({{columns}})',
  droppedUnlabelled: 'dropped {{dropped}} of {{rows}} rows whose label {{label}} is missing (labels are never filled in)',
  filled: "filled {{cells}} missing values by '{{rule}}', computed on all {{rows}} rows before the train/validation/test split: {{columns}}",
  emptyTexts: '{{empty}} of {{rows}} rows have no text at all; they are kept (the model sees only their padding and numeric columns)',
  guessedFiles: '{{files}} file(s) were not valid UTF-8 and were read as Windows-1252',
  guessedFile: 'the file is not valid UTF-8, so it was read as Windows-1252 (Latin-1); if accented letters look wrong, save it as UTF-8 and import it again',
} as const;

/** `columns` is the list of columns as the importer wrote it (names are the file's, said as they are); `label` is quoted. */
const IMPORT_WARNING_PARAMS = {
  droppedMissing: { dropped: 'number', rows: 'number', columns: 'text' },
  droppedUnlabelled: { dropped: 'number', rows: 'number', label: 'text' },
  filled: { cells: 'number', rule: ['mean', 'median', 'most-frequent'], rows: 'number', columns: 'text' },
  emptyTexts: { empty: 'number', rows: 'number' },
  guessedFiles: { files: 'number' },
  guessedFile: {},
} as const satisfies { [K in keyof typeof IMPORT_WARNING_TEXT]: unknown };

export type ImportWarningParts = PartsOf<typeof IMPORT_WARNING_PARAMS>;

const codec = messageCodec(IMPORT_WARNING_TEXT, IMPORT_WARNING_PARAMS);

export const formatImportWarning = (parts: ImportWarningParts): string => codec.format(parts);
export const parseImportWarning = (text: string): ImportWarningParts | null => codec.parse(text);
