/**
 * Why the server could not start listening, as an error that names the setting to change — never an
 * "unexpected error". The CLI adds the flag (`--port`, `--host`) it was given through.
 */
import { ConfigError } from '../../errors.js';

export const LISTEN_SETTINGS = ['port', 'host'] as const;
export type ListenSetting = (typeof LISTEN_SETTINGS)[number];

/** The address could not be bound; `setting` is what to change (`server.port` or `server.host` in a config). */
export class ListenError extends ConfigError {
  readonly setting: ListenSetting;
  readonly host: string;
  readonly port: number;
  /** The reason alone, without where (for a caller that names its own flag). */
  readonly reason: string;
  constructor(setting: ListenSetting, host: string, port: number, reason: string, options: { cause?: unknown } = {}) {
    super(`server.${setting}`, reason, options);
    this.setting = setting;
    this.host = host;
    this.port = port;
    this.reason = reason;
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a `listen` failure to a ListenError when its cause is known; other errors pass unchanged. */
export function listenError(error: unknown, host: string, port: number): unknown {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new ListenError('port', host, port, `port ${port} is already in use on ${host} (another server listens at ${address})`, { cause: error });
    case 'EACCES':
    case 'EPERM':
      return new ListenError('port', host, port, `not allowed to listen on port ${port} (ports below 1024 need privileges)`, { cause: error });
    case 'EADDRNOTAVAIL':
      return new ListenError('host', host, port, `${host} is not an address of this machine`, { cause: error });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ListenError('host', host, port, `cannot resolve the host name ${host}`, { cause: error });
    default:
      return error;
  }
}

/** The names a caller gave the two settings (`--port`/`--host` on the command line, `server.port` in a file). */
export interface ListenSettingNames {
  port: string;
  host: string;
}

/** A ListenError said in the caller's own terms: which flag to change, and to what. Other errors pass. */
export function explainListenError(error: unknown, names: ListenSettingNames): unknown {
  if (!(error instanceof ListenError)) return error;
  if (error.setting === 'port') {
    return new ConfigError(
      names.port,
      `${error.reason}: choose another port with ${names.port} (0 picks a free one), or stop the program that holds it`,
      { cause: error },
    );
  }
  return new ConfigError(names.host, `${error.reason}: give an address of this machine with ${names.host} (127.0.0.1; 0.0.0.0 for every interface)`, {
    cause: error,
  });
}
