export { createLimiter, sharedSandboxLimiter } from './limiter.js';
export { runPython, resolvePython } from './python.js';
export type { PythonRunOptions } from './python.js';
export { runJavaScript } from './javascript.js';
export { EXECUTION_OUTCOMES } from './types.js';
export type { ExecutionOutcome, ExecutionResult, ExecutionLimits } from './types.js';
