/**
 * The kernel: small things several folders need and none owns. It depends on nothing in src/ but errors.ts,
 * and every folder may import it (through this file).
 */
export { mean, median, quantile, QUANTILE_DEFINITION } from './stats/descriptive.js';
export { normalCdf, normalQuantile, tCritical95, tQuantile, twoSidedZ } from './stats/distributions.js';
export { seededRandom, shuffled } from './stats/random.js';
export { canonicalJson } from './canonical-json.js';
export { connectRedisClient, createRedisClient } from './redis/client.js';
export { reachRedis } from './redis/reach.js';
export { isRedisUrl, parseRedisUrl, redactRedisUrl } from './redis/url.js';
export { firstIssue, issueFlag, parseOrThrow, type ZodIssueReport } from './zod-issue.js';
