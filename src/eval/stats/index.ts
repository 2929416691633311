export * from './descriptive.js';
export * from './normal.js';
export * from './paired.js';
export * from './random.js';
export * from './sample-size.js';
