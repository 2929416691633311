/** The shapes the eval owns and the other folders import: a case result, a run's status, a run's summary. */
export * from './case-result.js';
export * from './run-status.js';
export * from './run-summary.js';
