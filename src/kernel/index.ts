/**
 * The kernel: small things several folders need and none owns. It depends on nothing in src/ but errors.ts,
 * and every folder may import it (through this file).
 */
export { mean, median, quantile, QUANTILE_DEFINITION } from './stats/descriptive.js';
export { normalCdf, normalQuantile, tCritical95, tQuantile, twoSidedZ } from './stats/distributions.js';
export { seededRandom, shuffled } from './stats/random.js';
export { canonicalJson } from './canonical-json.js';
