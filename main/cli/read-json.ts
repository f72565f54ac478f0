/**
 * The CLI's one reader of JSON files (--config HP.json, --model SPEC.json,
 * STUDY.json, --space SPACE.json, --student SPEC.json). Every error names the
 * flag and the file; a syntax error gives its line and column, a schema error
 * the path of the field inside the file.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { ApiError, describeZodError } from '../api/errors.ts';
import { JSON_FILE_MAX_BYTES } from '../limits.ts';

/** 1-based line and column of a 0-based offset in text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Parses JSON text; a syntax error becomes "… is not valid JSON at line L, column C: reason". */
export function parseJsonText(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 says "… in JSON at position N (line L column C)"; at the end of input it gives no position.
    const at = /at position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
    throw new ApiError('invalid_argument', `${label} is not valid JSON at line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * Reads and parses a JSON file; with a schema, checks the content and returns it as
 * written (defaults are the engine's business, so a partial file stays partial).
 */
export function readJsonFile(path: string, flag: string): unknown;
export function readJsonFile<S extends z.ZodType>(path: string, flag: string, schema: S): z.input<S>;
export function readJsonFile(path: string, flag: string, schema?: z.ZodType): unknown {
  const full = resolve(path);
  const stat = statSync(full, { throwIfNoEntry: false });
  if (!stat) throw new ApiError('not_found', `${flag}: no such file: ${path}`);
  if (!stat.isFile()) throw new ApiError('invalid_argument', `${flag}: ${path} is not a file.`);
  if (stat.size > JSON_FILE_MAX_BYTES) {
    throw new ApiError('too_large', `${flag}: ${path} is ${stat.size.toLocaleString('en-US')} bytes; a JSON config is at most ${JSON_FILE_MAX_BYTES.toLocaleString('en-US')}.`);
  }
  const value = parseJsonText(readFileSync(full, 'utf8').replace(/^\uFEFF/, ''), `${flag}: ${path}`);
  return schema ? checkJson(value, schema, `${flag}: ${path}`) : value;
}

/** Checks parsed JSON against a schema and returns it as written; the error gives the field's path. */
export function checkJson<S extends z.ZodType>(value: unknown, schema: S, label: string): z.input<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('invalid_argument', `${label}: ${describeZodError(parsed.error)}`);
  return value as z.input<S>;
}
