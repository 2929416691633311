/**
 * A hand-curated YAML file parsed against its zod schema, keeping the line of every node, so an error names
 * the file and the line of the bad entry (`DataError`): a YAML syntax error, or the first schema issue.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { DataError } from '../../errors.js';
import { parseOrThrow } from '../../kernel/index.js';

export interface YamlRows<T> {
  data: T;
  document: Document;
  /** The line of the node at `path`, or of its nearest ancestor that has one. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

export function parseYamlRows<T>(text: string, fileLabel: string, schema: z.ZodType<T>): YamlRows<T> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    throw new DataError(fileLabel, lineCounter.linePos(firstError.pos[0]).line, `invalid YAML: ${firstError.message}`);
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    for (let depth = path.length; depth >= 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth) as Array<string | number>, true) as { range?: [number, number, number] } | undefined;
      if (node?.range !== undefined) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const data = parseOrThrow(schema, document.toJS(), (issue) => new DataError(fileLabel, lineOf(issue.path), issue.text));
  return { data, document, lineOf };
}
