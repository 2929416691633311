export * from './descriptive.js';
export * from './paired.js';
export * from './sample-size.js';
export { mean, normalCdf, normalQuantile, quantile, twoSidedZ } from '../../kernel/index.js';
