/** Whether a listen address only accepts connections from this machine (a warning is due otherwise). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
