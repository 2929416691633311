/**
 * Shown instead of a page when the API answers 401: the gateway requires virtual keys, so its dashboard asks
 * for the admin token. The token is kept for this tab only and sent as a bearer token with every API request.
 */
import { useState } from 'preact/hooks';
import { storedToken, storeToken } from '../api.js';

export function SignInPage({ message }: { message: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(storedToken() === null ? undefined : 'That token was not accepted.');
  return (
    <section class="sign-in">
      <h1 tabIndex={-1}>Sign in</h1>
      <p>
        This gateway requires virtual keys, so its dashboard (eval outputs, the request log, spend) asks for the gateway's{' '}
        <strong>admin token</strong>: the value of <code>$PARITY_ADMIN_TOKEN</code> (or the variable named by{' '}
        <code>auth.adminTokenEnv</code>) where <code>parity serve</code> runs.
      </p>
      <p class="note">Server: {message}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const value = token.trim();
          if (value === '') {
            setError('Enter the admin token.');
            return;
          }
          storeToken(value);
          location.reload();
        }}
      >
        <div class={`field${error === undefined ? '' : ' has-error'}`}>
          <label for="admin-token">Admin token</label>
          <input
            id="admin-token"
            name="admin-token"
            type="password"
            value={token}
            autocomplete="current-password"
            aria-invalid={error === undefined ? undefined : 'true'}
            aria-describedby={error === undefined ? 'admin-token-hint' : 'admin-token-hint admin-token-error'}
            onInput={(event) => setToken(event.currentTarget.value)}
          />
          <span class="hint" id="admin-token-hint">
            Kept in this browser tab only.
          </span>
          {error === undefined ? null : (
            <span class="field-error" id="admin-token-error">
              {error}
            </span>
          )}
        </div>
        <div>
          <button type="submit">Sign in</button>
        </div>
      </form>
    </section>
  );
}
