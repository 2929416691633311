import { SingleBar } from 'cli-progress';
import type { EvalEvent } from '../eval/runner/events.js';

/**
 * Renders eval events: a progress bar with ETA, cost so far and failures on a TTY; a plain line every few
 * percent otherwise (CI logs). Writes to stderr so `--json` on stdout stays clean.
 */
export function evalProgressRenderer(options: { quiet?: boolean } = {}): { onEvent: (event: EvalEvent) => void; stop: () => void } {
  if (options.quiet) return { onEvent: () => {}, stop: () => {} };
  const tty = Boolean(process.stderr.isTTY);
  let bar: SingleBar | undefined;
  let lastPrinted = -1;
  const onEvent = (event: EvalEvent) => {
    switch (event.type) {
      case 'start':
        process.stderr.write(
          `run ${event.runId}: ${event.total} calls${event.skipped ? `, ${event.skipped} already done (resumed)` : ''}\n`,
        );
        if (tty) {
          bar = new SingleBar({
            format: ' {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | ${cost} | {failures} failed',
            stream: process.stderr,
            hideCursor: true,
          });
          bar.start(event.total, event.skipped, { cost: '0.0000', failures: 0 });
        }
        break;
      case 'result': {
        if (bar) bar.update(event.done, { cost: event.costUsd.toFixed(4), failures: event.failures });
        else {
          const step = Math.max(1, Math.floor(event.total / 20));
          if (event.done === event.total || Math.floor(event.done / step) !== lastPrinted) {
            lastPrinted = Math.floor(event.done / step);
            process.stderr.write(`  ${event.done}/${event.total} done, $${event.costUsd.toFixed(4)} so far, ${event.failures} failed\n`);
          }
        }
        break;
      }
      case 'retry':
        if (!bar) process.stderr.write(`  retry ${event.modelRef} case ${event.caseId} (attempt ${event.attempt}) in ${event.delayMs} ms: ${event.reason}\n`);
        break;
      case 'budget-stop':
        bar?.stop();
        bar = undefined;
        process.stderr.write(`stopped: spent $${event.costUsd.toFixed(4)} of the --max-cost $${event.maxCostUsd}; finishing calls in flight\n`);
        break;
      case 'finish':
        bar?.stop();
        bar = undefined;
        process.stderr.write(`run ${event.runId} ${event.status}: ${event.done}/${event.total}, $${event.costUsd.toFixed(4)}\n`);
        break;
    }
  };
  return { onEvent, stop: () => bar?.stop() };
}
