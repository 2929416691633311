/**
 * One error hierarchy for the whole library. The library throws these; the CLI maps them to a message and an
 * exit code, the gateway maps them to the OpenAI error shape, each in one place.
 */
export const ERROR_CODES = [
  'config',
  'validation',
  'data',
  'not-found',
  'provider',
  'budget-exceeded',
  'rate-limited',
  'timeout',
  'auth',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ParityErrorOptions {
  cause?: unknown;
}

export class ParityError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: ParityErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }

  static is(value: unknown): value is ParityError {
    return value instanceof ParityError;
  }
}

/** A configuration file or flag is wrong. `where` names the file/flag and the path inside it. */
export class ConfigError extends ParityError {
  readonly where: string;
  constructor(where: string, message: string, options: ParityErrorOptions = {}) {
    super('config', `${where}: ${message}`, options);
    this.where = where;
  }
}

/** Input (a request body, a CLI argument, a query parameter) failed validation. */
export class ValidationError extends ParityError {
  readonly field: string | undefined;
  constructor(message: string, field?: string, options: ParityErrorOptions = {}) {
    super('validation', message, options);
    this.field = field;
  }
}

/** A data file (a source in an import, a suite's case file, a judgement file) is malformed. */
export class DataError extends ParityError {
  readonly file: string;
  readonly row: number | undefined;
  constructor(file: string, row: number | undefined, reason: string, options: ParityErrorOptions = {}) {
    super('data', `${file}${row === undefined ? '' : `, row ${row}`}: ${reason}`, options);
    this.file = file;
    this.row = row;
  }
}

export class NotFoundError extends ParityError {
  constructor(message: string, options: ParityErrorOptions = {}) {
    super('not-found', message, options);
  }
}

export class ProviderError extends ParityError {
  readonly status: number | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly provider: string;
  readonly responseBody: string | undefined;

  constructor(
    provider: string,
    message: string,
    details: { status?: number; isRetryable?: boolean; retryAfterMs?: number; responseBody?: string } = {},
    options: ParityErrorOptions = {},
  ) {
    super('provider', `${provider}: ${message}`, options);
    this.provider = provider;
    this.status = details.status;
    this.isRetryable = details.isRetryable ?? isRetryableStatus(details.status);
    this.retryAfterMs = details.retryAfterMs;
    this.responseBody = details.responseBody;
  }
}

export class TimeoutError extends ParityError {
  readonly isRetryable = true;
  constructor(message: string, options: ParityErrorOptions = {}) {
    super('timeout', message, options);
  }
}

export class BudgetExceededError extends ParityError {
  constructor(message: string, options: ParityErrorOptions = {}) {
    super('budget-exceeded', message, options);
  }
}

export class RateLimitedError extends ParityError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, options: ParityErrorOptions = {}) {
    super('rate-limited', message, options);
    this.retryAfterMs = retryAfterMs;
  }
}

export class AuthError extends ParityError {
  constructor(message: string, options: ParityErrorOptions = {}) {
    super('auth', message, options);
  }
}

/** 408, 409, 429 and 5xx are worth another try; anything else is the caller's problem. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true; // no status: the connection failed
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Formats a zod issue path like `providers[2].model`. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}
