export * from './descriptive.js';
export * from './paired.js';
export * from './random.js';
