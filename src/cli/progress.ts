import { SingleBar } from 'cli-progress';
import type { EvalEvent } from '../eval/runner/events.js';
import { countOf } from './output.js';

const money = (value: number) => `$${value.toFixed(4)}`;

/**
 * Renders eval events: a progress bar with ETA, spend so far (against the cap), failures and errors on a TTY; a
 * plain line every few percent otherwise (CI logs). Writes to stderr so `--json` on stdout stays clean.
 */
export function evalProgressRenderer(options: { quiet?: boolean } = {}): { onEvent: (event: EvalEvent) => void; stop: () => void } {
  if (options.quiet) return { onEvent: () => {}, stop: () => {} };
  const tty = Boolean(process.stderr.isTTY);
  let bar: SingleBar | undefined;
  let lastPrinted = -1;
  let cap = '';
  const onEvent = (event: EvalEvent) => {
    switch (event.type) {
      case 'start':
        cap = event.maxCostUsd === null ? '' : ` of ${money(event.maxCostUsd)}`;
        process.stderr.write(
          `run ${event.runId}: ${event.total} calls${event.skipped ? `, ${event.skipped} already answered (resumed)` : ''}` +
            `${event.priorUsd > 0 ? `, ${money(event.priorUsd)} spent before` : ''}\n`,
        );
        if (tty) {
          bar = new SingleBar({
            format: ' {bar} {percentage}% | {value}/{total} | ETA {eta_formatted} | {spent} | {failures} failed, {errors} errors',
            stream: process.stderr,
            hideCursor: true,
          });
          bar.start(event.total, event.skipped, { spent: `${money(event.priorUsd)}${cap}`, failures: 0, errors: 0 });
        }
        break;
      case 'result': {
        if (bar) bar.update(event.done, { spent: `${money(event.spentUsd)}${cap}`, failures: event.failures, errors: event.errors });
        else {
          const step = Math.max(1, Math.floor(event.total / 20));
          if (event.done === event.total || Math.floor(event.done / step) !== lastPrinted) {
            lastPrinted = Math.floor(event.done / step);
            process.stderr.write(`  ${event.done}/${event.total} done, ${money(event.spentUsd)}${cap} spent, ${event.failures} failed, ${countOf(event.errors, 'error')}\n`);
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
        process.stderr.write(`stopped: the run has spent ${money(event.spentUsd)} of its --max-cost ${money(event.maxCostUsd)}; no more calls are started, those in flight finish\n`);
        break;
      case 'finish':
        bar?.stop();
        bar = undefined;
        process.stderr.write(`run ${event.runId} ${event.status}: ${event.done}/${event.total} calls, ${countOf(event.errors, 'error')}, ${money(event.spentUsd)}${cap} spent\n`);
        break;
    }
  };
  return { onEvent, stop: () => bar?.stop() };
}
