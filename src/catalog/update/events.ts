/** What `updateData` reports as it goes; the CLI renders these as progress lines on stderr. */

export type UpdateEvent =
  | { type: 'fetch-start'; source: string; url: string; conditional: boolean }
  | { type: 'fetched'; source: string; url: string; status: number; bytes: number; ms: number }
  | { type: 'retry'; source: string; url: string; attempt: number; maxAttempts: number; delayMs: number; reason: string }
  | { type: 'source-done'; source: string; status: 'updated' | 'unchanged' | 'failed'; detail: string }
  | { type: 'installed'; version: string; dir: string };

export type UpdateEventHandler = (event: UpdateEvent) => void;
