/**
 * A call that failed after its retries, as the eval records it: its kind, the cause its errors are grouped by
 * ("connection refused to 127.0.0.1:11434", "HTTP 503") and the message as given; and the hint a summary shows
 * for a cause. The library's errors (src/errors.ts) carry what is needed: a status for HTTP errors, the
 * transport's error (with its code and address) as the cause of a connection failure.
 */
import { ProviderError, type ParityError } from '../../errors.js';
import { PROVIDER_PRESETS, type HostedProviderKind } from '../../providers/index.js';
import type { GraderError } from '../graders/grader-error.js';
import type { CaseError, ErrorKind } from '../records/case-result.js';

interface SystemErrorFields {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** The transport's error code and address, from the first error in the cause chain that has them. */
function transportDetail(error: Error): { code: string | undefined; where: string | undefined } {
  const fromUrl = urlHost(error.message);
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const fields = current as SystemErrorFields;
    if (typeof fields.code === 'string' && /^[A-Z_]+$/.test(fields.code)) {
      const host = typeof fields.address === 'string' ? fields.address : typeof fields.hostname === 'string' ? fields.hostname : undefined;
      const where = host === undefined ? undefined : typeof fields.port === 'number' ? `${host}:${fields.port}` : host;
      return { code: fields.code, where: where ?? fromUrl };
    }
    current = current.cause;
  }
  return { code: undefined, where: fromUrl };
}

function urlHost(message: string): string | undefined {
  const match = /\bhttps?:\/\/([^/\s)]+)/.exec(message);
  return match?.[1];
}

const CONNECTION_CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
};

function byStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'refused';
  return 'server'; // a 2xx the client could not read as an answer
}

/** The recorded form of a model call's failure. */
export function callError(error: ParityError): CaseError {
  const message = error.message;
  switch (error.code) {
    case 'timeout': {
      const within = /no progress within (\d+) ms/.exec(message);
      return { kind: 'timeout', cause: within ? `no progress within ${within[1]} ms` : 'timed out', message };
    }
    case 'rate-limited':
      return { kind: 'rate-limited', cause: 'rate limited', message };
    case 'auth':
      return { kind: 'auth', cause: 'key refused', message };
    case 'provider': {
      const status = error instanceof ProviderError ? error.status : undefined;
      if (status !== undefined) {
        const cause = status < 400 ? `unreadable answer (HTTP ${status})` : `HTTP ${status}`;
        return { kind: byStatus(status), cause, message };
      }
      const { code, where } = transportDetail(error);
      const what = code === undefined ? 'connection failed' : (CONNECTION_CAUSES[code] ?? `connection failed (${code})`);
      return { kind: 'connection', cause: where === undefined ? what : `${what} to ${where}`, message };
    }
    case 'not-found':
      return { kind: 'other', cause: 'no recorded answer', message };
    default:
      return { kind: 'other', cause: `${error.code} error`, message };
  }
}

/** A failure of the judge grading an answer: its own kind, the judge's cause inside. */
export function judgeError(error: ParityError): CaseError {
  const inner = error.code === 'validation' ? { cause: 'unreadable verdict', message: error.message } : callError(error);
  return { kind: 'judge', cause: `judge: ${inner.cause}`, message: inner.message };
}

/** A grader that could not grade an answer: grouped by grader; the message names the case and what went wrong. */
export function graderError(error: GraderError, caseId: string): CaseError {
  return { kind: 'grader', cause: `grader ${error.grader} failed`, message: `case ${caseId}: ${error.message}` };
}

const presetOf = (modelRef: string) => {
  const provider = modelRef.slice(0, modelRef.indexOf('/'));
  return provider in PROVIDER_PRESETS ? PROVIDER_PRESETS[provider as HostedProviderKind] : undefined;
};

export interface ErrorHintContext {
  /** The suite's judge, for the hints of judge errors. */
  judgeRef?: string | undefined;
  /** Where the run's provider settings come from: a suite file (default), or the flags of `--benchmark`. */
  settings?: 'suite' | 'flags';
}

/** What to check for errors of `kind` from `modelRef` (the judge's: `context.judgeRef`), when parity can tell. */
export function errorHint(kind: ErrorKind, modelRef: string, context: ErrorHintContext = {}): string | null {
  const { judgeRef } = context;
  const suite = context.settings !== 'flags';
  const ref = kind === 'judge' && judgeRef !== undefined ? judgeRef : modelRef;
  const preset = presetOf(ref);
  const where = preset
    ? `set ${preset.baseURLEnv}${suite ? " or the provider's baseURL in the suite" : ''}`
    : suite
      ? "check the provider's baseURL in the suite"
      : 'check the base URL it was given';
  switch (kind) {
    case 'connection':
      return preset?.local ? `is ${preset.label} running? ${where}` : `is the server reachable? ${where}`;
    case 'timeout':
      return suite ? "the model answered too slowly: raise the provider's timeoutMs in the suite, or lower concurrency" : 'the model answered too slowly: lower --concurrency';
    case 'server':
      return 'the provider failed; run again with --resume: it retries exactly the errored calls';
    case 'rate-limited':
      return suite
        ? "the provider's rate limit outlasted the retries: set requestsPerMinute or concurrency on the provider in the suite"
        : "the provider's rate limit outlasted the retries: lower --concurrency";
    case 'auth':
      return preset ? `the provider refused the key: check ${preset.apiKeyEnv}${suite ? " (or the provider's apiKeyEnv in the suite)" : ''}` : 'the provider refused the key';
    case 'refused':
      return 'the provider refused the request: check the model name and its settings (maxTokens, temperature)';
    case 'judge':
      return judgeRef === undefined ? 'the judge model failed' : `the judge (${judgeRef}) failed; check its settings under judge: in the suite`;
    case 'grader':
      return 'a grader could not grade these answers (the first message says which case and why): fix it, then --resume grades exactly the errored cases again';
    case 'other':
      return null;
  }
}
