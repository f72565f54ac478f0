/**
 * What an import detected or decided, as lines for the dataset page in the UI's language: the
 * same facts, from the same DatasetInfo, as main/data/import-info.ts prints for the CLI.
 */
import type { DatasetInfo, MissingRule } from '../../../main/api/schemas.ts';
import { parseImportWarning } from '../../../main/data/import-warnings.ts';
import { engineText, templateVars } from './engine-text.ts';
import { formatInteger } from './format.ts';
import { hasMessage, t, type MessageKey } from '../i18n/index.ts';

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** An import warning (DatasetMeta.warnings) in the UI's language: by its key (main/data/import-warnings.ts), else as stored. */
export function importWarning(text: string): string {
  return engineText(text, parseImportWarning, (p) => t(`datasets.warning.${p.key}`, templateVars(p.params, warningParam)));
}

function warningParam(name: string, value: number | string): string {
  if (typeof value === 'number') return formatInteger(value);
  return name === 'rule' ? t(`datasets.info.rules.${value as MissingRule}`) : value;
}

export function describeImportInfo(info: DatasetInfo | undefined): string[] {
  if (!info) return [];
  const lines: string[] = [];
  if (info.encoding) {
    const key = `datasets.info.encodings.${info.encoding}`;
    const encoding = hasMessage(key) ? t(key as MessageKey) : info.encoding;
    lines.push(info.compression ? t('datasets.info.encodingCompressed', { encoding, compression: info.compression }) : t('datasets.info.encoding', { encoding }));
  }
  if (info.delimiter) {
    const name = DELIMITERS[info.delimiter];
    lines.push(t('datasets.info.delimiter', { delimiter: name ? t(`datasets.info.delimiters.${name}` as MessageKey) : JSON.stringify(info.delimiter) }));
  }
  if (info.decimalComma?.length) lines.push(t('datasets.info.decimalComma', { columns: info.decimalComma.join(t('common.listSeparator')) }));
  const m = info.missing;
  if (m) {
    const parts = [
      m.rowsDropped ? t('datasets.info.rowsDropped', { count: m.rowsDropped }) : '',
      m.cellsFilled ? t('datasets.info.cellsFilled', { count: m.cellsFilled }) : '',
    ].filter(Boolean);
    lines.push(t('datasets.info.missing', { rule: t(`datasets.info.rules.${m.rule}`), done: parts.length ? parts.join(t('common.listSeparator')) : t('datasets.info.noneFound') }));
  }
  return lines;
}
