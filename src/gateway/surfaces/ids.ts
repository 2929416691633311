/**
 * Ids of translated answers (`msg_…`, `resp_…`, `fc_…`): a random stem drawn once per process and a counter,
 * so they are unique across instances and restarts at the cost of an increment (a random draw per answer
 * costs more CPU than the whole translation). Unguessable enough for ids whose access is checked anyway (a
 * stored response is readable by its own key only).
 */
import { randomBytes } from 'node:crypto';

const STEM = randomBytes(8).toString('hex');
let counter = 0;

/** `<prefix>_<process stem><counter>`, the counter in base 36, at least 8 digits. */
export function newId(prefix: string): string {
  return `${prefix}_${STEM}${(counter++).toString(36).padStart(8, '0')}`;
}
