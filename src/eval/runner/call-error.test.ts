import { describe, expect, it } from 'vitest';
import { ConfigError, NotFoundError, ProviderError, RateLimitedError, TimeoutError, ValidationError } from '../../errors.js';
import { callError, errorHint, judgeError } from './call-error.js';

/** The transport's error as undici gives it for a closed port. */
function refused(port: number): Error {
  return Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:${port}`), { code: 'ECONNREFUSED', address: '127.0.0.1', port });
}

describe('callError', () => {
  it('names a refused connection by its address', () => {
    const error = new ProviderError('ollama', 'request failed: connect ECONNREFUSED 127.0.0.1:11434 (ECONNREFUSED) (http://127.0.0.1:11434/v1/chat/completions)', { isRetryable: true }, { cause: refused(11434) });
    expect(callError(error)).toEqual({ kind: 'connection', cause: 'connection refused to 127.0.0.1:11434', message: error.message });
  });
  it('falls back to the URL’s host when the transport gave no address', () => {
    const error = new ProviderError('vllm', 'connection lost mid-stream: other side closed (http://10.0.0.5:8000/v1/chat/completions)', { isRetryable: true }, { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(callError(error).cause).toBe('connection closed to 10.0.0.5:8000');
  });
  it('groups HTTP errors by status and kind', () => {
    expect(callError(new ProviderError('openai', 'HTTP 503: overloaded', { status: 503 }))).toMatchObject({ kind: 'server', cause: 'HTTP 503' });
    expect(callError(new ProviderError('openai', 'HTTP 401: bad key', { status: 401 }))).toMatchObject({ kind: 'auth', cause: 'HTTP 401' });
    expect(callError(new ProviderError('openai', 'HTTP 429: slow down', { status: 429 }))).toMatchObject({ kind: 'rate-limited' });
    expect(callError(new ProviderError('openai', 'HTTP 400: content policy', { status: 400 }))).toMatchObject({ kind: 'refused', cause: 'HTTP 400' });
    expect(callError(new ProviderError('openai', 'response body is not valid JSON', { status: 200 }))).toMatchObject({ kind: 'server', cause: 'unreadable answer (HTTP 200)' });
  });
  it('keeps the timeout and other kinds apart', () => {
    expect(callError(new TimeoutError('openai: no progress within 2000 ms before the answer (http://x/v1)'))).toMatchObject({ kind: 'timeout', cause: 'no progress within 2000 ms' });
    expect(callError(new RateLimitedError('limited'))).toMatchObject({ kind: 'rate-limited' });
    expect(callError(new NotFoundError('replay: no answer for case c1'))).toMatchObject({ kind: 'other', cause: 'no recorded answer' });
    expect(callError(new ConfigError('x', 'y'))).toMatchObject({ kind: 'other', cause: 'config error' });
  });
  it('marks the judge’s failures as its own', () => {
    expect(judgeError(new ProviderError('openai', 'HTTP 502: bad gateway', { status: 502 }))).toMatchObject({ kind: 'judge', cause: 'judge: HTTP 502' });
    expect(judgeError(new ValidationError('judge verdict is not JSON', 'verdict'))).toMatchObject({ kind: 'judge', cause: 'judge: unreadable verdict' });
  });
});

describe('errorHint', () => {
  it('asks whether a local server runs and names its variable', () => {
    expect(errorHint('connection', 'ollama/qwen2.5:7b')).toBe("is Ollama running? set OLLAMA_BASE_URL or the provider's baseURL in the suite");
    expect(errorHint('auth', 'anthropic/claude-sonnet-4-5')).toContain('ANTHROPIC_API_KEY');
    expect(errorHint('judge', 'ollama/x', { judgeRef: 'openai/gpt-4o' })).toContain('openai/gpt-4o');
    expect(errorHint('other', 'ollama/x')).toBeNull();
  });

  it('names no suite for a --benchmark run, whose settings come from the environment and the flags', () => {
    const flags = { settings: 'flags' as const };
    expect(errorHint('connection', 'ollama/qwen2.5:7b', flags)).toBe('is Ollama running? set OLLAMA_BASE_URL');
    expect(errorHint('connection', 'some-host/model', flags)).toBe('is the server reachable? check the base URL it was given');
    expect(errorHint('timeout', 'ollama/qwen2.5:7b', flags)).toBe('the model answered too slowly: lower --concurrency');
    expect(errorHint('rate-limited', 'groq/llama', flags)).not.toContain('suite');
    expect(errorHint('auth', 'anthropic/claude-sonnet-4-5', flags)).toBe('the provider refused the key: check ANTHROPIC_API_KEY');
  });
});
