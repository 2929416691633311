/**
 * A separate process that reserves budget, for the multi-process budget test (run by reserve-workers.ts).
 * argv: URL KEY_ID ATTEMPTS AMOUNT_USD. Prints `ready`, waits for `go` on stdin, fires all reservations at
 * once, prints `granted N`.
 */
import { createInterface } from 'node:readline';
import { openStore } from '../../src/store/index.js';

const [url, keyId, attemptsText, amountText] = process.argv.slice(2);
if (url === undefined || keyId === undefined || attemptsText === undefined || amountText === undefined) {
  process.stderr.write('usage: reserve-worker-process URL KEY_ID ATTEMPTS AMOUNT_USD\n');
  process.exit(2);
}
const store = await openStore({ url, migrate: false });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === 'go') break;
}
lines.close();
const outcomes = await Promise.all(
  Array.from({ length: Number(attemptsText) }, () => store.reserveBudget(keyId, Number(amountText))),
);
await store.close();
process.stdout.write(`granted ${outcomes.filter((outcome) => outcome.ok).length}\n`);
