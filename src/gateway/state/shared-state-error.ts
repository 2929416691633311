/**
 * The state budgets are kept in — Redis shared by the instances, or the store the budget leases come from —
 * could not be reached or answered with an error. The gateway refuses the request (503) rather than serve it
 * without its budgets and rate limits.
 */
import { ParityError, type ParityErrorOptions } from '../../errors.js';

export class SharedStateUnavailableError extends ParityError {
  constructor(detail: string, options: ParityErrorOptions = {}, source = 'shared state (Redis)') {
    super('internal', `The gateway's ${source} is unavailable, so budgets and rate limits cannot be checked: ${detail}`, options);
  }
}
