/** Runs the parity CLI from sources (for tests that need a real process: signals, exit codes). */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(['node', 'parity', ...process.argv.slice(2)]);
