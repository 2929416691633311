/** Fetching from the dashboard API, with the server's `{error:{message,param}}` kept as a typed error. */
import { useEffect, useState } from 'preact/hooks';

export type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export class ApiError extends Error {
  readonly status: number;
  readonly param: string | null;
  constructor(message: string, status: number, param: string | null) {
    super(message);
    this.status = status;
    this.param = param;
  }
}

/** Drops empty values; lists become comma-joined. */
export function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(name, value.join(','));
    } else search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

const TOKEN_KEY = 'parity.dashboardToken';

/** The admin token this tab signed in with (a gateway that requires virtual keys asks for it), if any. */
export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null; // storage disabled
  }
}

/** Keeps the token for this tab only (sessionStorage: gone when the tab closes); null forgets it. */
export function storeToken(token: string | null): void {
  try {
    if (token === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // storage disabled: the token lasts until the page reloads, which is when it would be read again
  }
}

export async function getJson<T>(path: string, params: QueryParams = {}, signal?: AbortSignal): Promise<T> {
  const token = storedToken();
  const headers: Record<string, string> = { accept: 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) };
  const response = await fetch(`${path}${queryString(params)}`, { headers, ...(signal ? { signal } : {}) });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { message?: unknown; param?: unknown } } | null)?.error;
    throw new ApiError(
      typeof error?.message === 'string' ? error.message : `${response.status} ${response.statusText}`,
      response.status,
      typeof error?.param === 'string' ? error.param : null,
    );
  }
  // an OK response whose body could not be read (the request was aborted mid-body) is not data
  if (body === null) throw signal?.aborted ? new DOMException('aborted', 'AbortError') : new ApiError('the server sent no JSON body', response.status, null);
  return body as T;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  /** Fetches again (keeps showing the previous data meanwhile). */
  reload: () => void;
}

/** Fetches `path` with `params` whenever either changes; `path` null means "nothing to fetch yet". */
export function useApi<T>(path: string | null, params: QueryParams = {}, refreshMs?: number): Loaded<T> {
  const key = path === null ? null : `${path}${queryString(params)}`;
  const [state, setState] = useState<{ key: string | null; data: T | undefined; error: Error | undefined; loading: boolean }>({
    key: null,
    data: undefined,
    error: undefined,
    loading: path !== null,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null || key === null) return;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, loading: true }));
    getJson<T>(path, params, controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({ key, data: previous.key === key ? previous.data : undefined, error: error instanceof Error ? error : new Error(String(error)), loading: false }));
      },
    );
    return () => controller.abort();
    // `key` stands for path and params
  }, [key, tick]);
  useEffect(() => {
    if (refreshMs === undefined || refreshMs <= 0) return;
    const timer = setInterval(() => setTick((value) => value + 1), refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs]);
  return { data: state.data, error: state.error, loading: state.loading, reload: () => setTick((value) => value + 1) };
}
