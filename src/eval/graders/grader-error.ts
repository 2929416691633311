/**
 * A grader could not grade this answer: a custom grader threw or returned no verdict, the answer has no measured
 * latency or known cost to grade. A failed measurement of one case, not a broken suite (that is a ConfigError):
 * the runner records it as the case's `grader` error and the run goes on.
 */
import { ValidationError, type ParityErrorOptions } from '../../errors.js';

export class GraderError extends ValidationError {
  /** The grader as the suite names it: `latency`, `custom grade.mjs#check`. */
  readonly grader: string;
  constructor(grader: string, message: string, options: ParityErrorOptions = {}) {
    super(`grader ${grader}: ${message}`, 'grader', options);
    this.grader = grader;
  }
}
