/**
 * How long an upstream asks us to wait: `retry-after-ms`, `retry-after` (seconds or an HTTP date), or Google's
 * `google.rpc.RetryInfo.retryDelay` ("34.4s") in an error body.
 */
import { z } from 'zod';

export interface HeaderReader {
  get(name: string): string | null;
}

/** Milliseconds from the response headers, or undefined when there is no usable hint. */
export function retryAfterFromHeaders(headers: HeaderReader, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null) {
    const value = Number(milliseconds.trim());
    if (milliseconds.trim() !== '' && Number.isFinite(value) && value >= 0) return value;
  }
  const header = headers.get('retry-after');
  if (header === null) return undefined;
  return parseRetryAfter(header, now);
}

/** Parses a Retry-After value: delta-seconds (decimals tolerated) or an HTTP date. */
export function parseRetryAfter(value: string, now: number = Date.now()): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Parses a protobuf Duration in JSON form ("34.4s", "1s", "0.250s"). */
export function parseProtoDuration(value: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match === null ? undefined : Math.round(Number(match[1]) * 1000);
}

const googleErrorSchema = z.object({
  error: z.object({
    details: z.array(z.looseObject({ '@type': z.string().optional(), retryDelay: z.string().optional() })),
  }),
});

/** The RetryInfo delay inside a Google API error body, if any. */
export function retryAfterFromGoogleError(body: unknown): number | undefined {
  const parsed = googleErrorSchema.safeParse(body);
  if (!parsed.success) return undefined;
  for (const detail of parsed.data.error.details) {
    if (detail['@type']?.endsWith('google.rpc.RetryInfo') && detail.retryDelay !== undefined) {
      return parseProtoDuration(detail.retryDelay);
    }
  }
  return undefined;
}
