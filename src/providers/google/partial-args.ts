/**
 * Rebuilds function-call arguments that Gemini streams piece by piece (`partialArgs`): each piece names a
 * JSON path (`$.location`, `$.items[0].name`) and a value; a string piece with `willContinue` is followed by
 * more text for the same path.
 */
import type { PartialArg } from './schemas.js';

type Segment = string | number;

/** Parses `$.a.b[0]['c d']` into ['a', 'b', 0, 'c d']; undefined for anything else. */
export function parseJsonPath(path: string): Segment[] | undefined {
  if (!path.startsWith('$')) return undefined;
  const segments: Segment[] = [];
  const pattern = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[(?:'([^']*)'|"([^"]*)")\]/gy;
  pattern.lastIndex = 1;
  while (pattern.lastIndex < path.length) {
    const match = pattern.exec(path);
    if (match === null) return undefined;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(match[3] ?? match[4] ?? '');
  }
  return segments;
}

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Accumulates one call's arguments. */
export class PartialArgs {
  readonly value: Record<string, unknown> = {};
  private readonly openStrings = new Set<string>();

  apply(arg: PartialArg): boolean {
    const segments = parseJsonPath(arg.jsonPath);
    if (segments === undefined || segments.length === 0) return false;
    let container: Container = this.value;
    for (let index = 0; index < segments.length - 1; index++) {
      const key = segments[index] as Segment;
      const nextIsIndex = typeof segments[index + 1] === 'number';
      const existing: unknown = (container as Record<string | number, unknown>)[key];
      if (isContainer(existing)) container = existing;
      else {
        const created: Container = nextIsIndex ? [] : {};
        (container as Record<string | number, unknown>)[key] = created;
        container = created;
      }
    }
    const last = segments.at(-1) as Segment;
    const target = container as Record<string | number, unknown>;
    if (arg.stringValue !== undefined) {
      const previous = target[last];
      target[last] = this.openStrings.has(arg.jsonPath) && typeof previous === 'string' ? previous + arg.stringValue : arg.stringValue;
      if (arg.willContinue === true) this.openStrings.add(arg.jsonPath);
      else this.openStrings.delete(arg.jsonPath);
    } else if (arg.numberValue !== undefined) target[last] = arg.numberValue;
    else if (arg.boolValue !== undefined) target[last] = arg.boolValue;
    else if ('nullValue' in arg) target[last] = null;
    return true;
  }
}
