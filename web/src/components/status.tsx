/** Loading, error and empty states, announced to screen readers. */
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api.js';

export function Loading({ what }: { what: string }) {
  return (
    <p class="status" role="status">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ error }: { error: Error }) {
  return (
    <div class="error" role="alert">
      <strong>{error instanceof ApiError ? `Error ${error.status}` : 'Error'}:</strong> {error.message}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <div class="empty">{children}</div>;
}
