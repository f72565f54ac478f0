/**
 * File content echoed in an error message, made safe to show: quoted, control
 * characters, direction overrides and undecodable bytes (U+FFFD) escaped, and cut to a length that
 * fits a message. No message of the data layer prints a cell or a column name
 * any other way, so a binary file can never fill a terminal or a UI alert.
 */
const MAX_SHOWN = 40;

export function quote(value: string): string {
  const cut = [...value];
  const text = cut.length > MAX_SHOWN ? `${cut.slice(0, MAX_SHOWN).join('')}…` : value;
  // eslint-disable-next-line no-control-regex
  const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd\u200e\u200f\u2028-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe}'`;
}
