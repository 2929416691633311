/** `parity catalog list | head`: a reader that stops early ends the output quietly, with no stack trace. */
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';

describe('a closed stdout', () => {
  it('ends the command with exit code 0 and nothing on stderr', async () => {
    const { child, done } = spawnCli(['catalog', 'list', '--limit', '100000']);
    let received = 0;
    child.stdout!.on('data', (chunk: Buffer) => {
      received += chunk.length;
      child.stdout!.destroy(); // like `head -1`: read the first chunk, then close the pipe
    });
    const result = await done;
    expect(received).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(result.code).toBe(0);
  });
});
