/** Starts reserve-worker-process.ts several times, releases them together, and collects what each was granted. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const workerScript = fileURLToPath(new URL('./reserve-worker-process.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ReserveWorkersOptions {
  url: string;
  keyId: string;
  workers: number;
  attemptsEach: number;
  amountUsd: number;
}

export async function runReserveWorkers(options: ReserveWorkersOptions): Promise<number[]> {
  const children = Array.from({ length: options.workers }, () =>
    spawn(
      process.execPath,
      ['--import', 'tsx', workerScript, options.url, options.keyId, String(options.attemptsEach), String(options.amountUsd)],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] },
    ),
  );
  try {
    const outputs = children.map(collect);
    for (const output of outputs) output.catch(() => undefined); // awaited below; no unhandled rejection meanwhile
    await Promise.all(children.map((child) => waitForLine(child, 'ready')));
    for (const child of children) child.stdin?.write('go\n');
    const texts = await Promise.all(outputs);
    return texts.map((text) => {
      const match = /granted (\d+)/.exec(text);
      if (match?.[1] === undefined) throw new Error(`a worker reported no result:\n${text}`);
      return Number(match[1]);
    });
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Resolves with everything the child wrote once it exits with 0; rejects with its stderr otherwise. */
function collect(child: ChildProcess): Promise<string> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`reserve worker exited with ${code}: ${stderr.trim()}`));
    });
  });
}

function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (seen.split('\n').includes(line)) {
        child.stdout?.off('data', onData);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`reserve worker exited with ${code} before "${line}"`)));
  });
}
