export * from './errors.js';
export * from './catalog/schema.js';
