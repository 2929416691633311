/**
 * The shared gateway state (Redis) could not be reached or answered with an error. The gateway refuses the
 * request (503) rather than serve it without its budgets and rate limits.
 */
import { ParityError, type ParityErrorOptions } from '../../errors.js';

export class SharedStateUnavailableError extends ParityError {
  constructor(detail: string, options: ParityErrorOptions = {}) {
    super(
      'internal',
      `The gateway's shared state (Redis) is unavailable, so budgets and rate limits cannot be checked: ${detail}`,
      options,
    );
  }
}
