/** The memo's one-sentence recommendation. */
import { percent } from './format.js';
import type { AdviseAction } from './memo.js';

export function headline(action: AdviseAction, open: string, frontier: string, frontierShare: number, hosting: string | null): string {
  const how = hosting === null ? '' : ` ${hosting}`;
  switch (action) {
    case 'switch':
      return `Switch to ${open}${how} for all requests.`;
    case 'route':
      return `Route: ${open}${how} for ${percent(1 - frontierShare)} of requests, ${frontier} for ${percent(frontierShare)}.`;
    case 'keep-frontier':
      return `Keep ${frontier} for all requests for now.`;
    case 'collect-more-data':
      return `Keep ${frontier} for now and collect more cases: the eval cannot yet tell whether ${open} is good enough.`;
  }
}
