import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { z } from 'zod';
import { DataError, NotFoundError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';
import { parseGraderConfig } from '../graders/registry.js';
import type { GraderConfig } from '../graders/schema.js';

/** The text of a file; `.gz` files are gunzipped. NotFoundError when missing. */
export async function readText(file: string): Promise<string> {
  let buffer: Buffer;
  try {
    buffer = await readFile(file);
  } catch (error) {
    throw new NotFoundError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return (file.endsWith('.gz') ? gunzipSync(buffer) : buffer).toString('utf8');
}

/** `target` itself if it is a file, else the first of `names` inside the directory `target`. */
export async function resolveFile(target: string, names: readonly string[]): Promise<string> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) throw new NotFoundError(`no such file or directory: ${target}`);
  if (info.isFile()) return target;
  const present = new Set(await readdir(target));
  const name = names.find((candidate) => present.has(candidate));
  if (name === undefined) throw new NotFoundError(`${target} holds none of ${names.join(', ')}`);
  return path.join(target, name);
}

/** Non-blank lines with their 1-based line numbers. */
export function numberedLines(text: string): Array<{ row: number; line: string }> {
  return text
    .split('\n')
    .map((line, index) => ({ row: index + 1, line: line.replace(/\r$/, '') }))
    .filter(({ line }) => line.trim() !== '');
}

/** Parses one value with a zod schema, or throws DataError(file, row, reason). */
export function parseRow<Schema extends z.ZodType>(schema: Schema, value: unknown, file: string, row: number): z.output<Schema> {
  return parseOrThrow(schema, value, (issue) => new DataError(file, row, issue.text, { cause: issue.error }));
}

/** Every line of a JSON Lines file, validated; DataError names the file and line of the first bad row. */
export async function readJsonl<Schema extends z.ZodType>(file: string, schema: Schema): Promise<Array<{ row: number; value: z.output<Schema> }>> {
  const text = await readText(file);
  return numberedLines(text).map(({ row, line }) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new DataError(file, row, `not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { row, value: parseRow(schema, json, file, row) };
  });
}

/** A grader config built by a loader, validated; a bad one is the data's fault (DataError). */
export function rowGrader(config: unknown, file: string, row: number): GraderConfig {
  try {
    return parseGraderConfig(config);
  } catch (error) {
    throw new DataError(file, row, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
