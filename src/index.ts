/**
 * parity's library entry: errors and the catalog. Each layer has its own entry point too:
 * `parity/catalog`, `parity/providers`, `parity/store`, `parity/track`, `parity/eval`, `parity/route`,
 * `parity/decide`, `parity/gateway`.
 */
export * from './errors.js';
export * from './catalog/index.js';
