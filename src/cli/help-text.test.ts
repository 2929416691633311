import { describe, expect, it } from 'vitest';
import { fitHelpText, reflowDescription } from './help-text.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('help text fitted to the terminal', () => {
  it('leaves lines that fit as they were written', () => {
    const text = '\nExamples:\n  parity eval suite.yaml        # a run\n  parity start\n\nShort prose.\nA second line.';
    expect(fitHelpText(text, 80)).toBe(text);
  });

  it('breaks a long command at spaces with shell continuations, keeps an option with its value and a quoted word whole', () => {
    const text = '  parity route decide --policy policy.json --prompt "Prove that the square root of 2 is irrational" --json';
    const fitted = fitHelpText(text, 60);
    expect(widest(fitted)).toBeLessThanOrEqual(60);
    expect(fitted.split('\n')).toEqual([
      '  parity route decide --policy policy.json --prompt \\',
      '      "Prove that the square root of 2 is irrational" \\',
      '      --json',
    ]);
    // read back as a shell does: the same words
    expect(fitted.replace(/ \\\n\s+/g, ' ')).toBe(text);
  });

  it('moves a comment that does not fit under its command, and keeps one that fits beside it', () => {
    expect(fitHelpText('  parity eval suite.yaml --resume      # after Ctrl-C, a crash, errors or the cap: only what is missing', 60).split('\n')).toEqual([
      '  parity eval suite.yaml --resume',
      '      # after Ctrl-C, a crash, errors or the cap: only what',
      '      # is missing',
    ]);
    expect(fitHelpText('  parity eval suite.yaml --max-cost 5 --concurrency 8 --json    # capped', 71)).toBe(
      '  parity eval suite.yaml --max-cost 5 --concurrency 8 --json   # capped',
    );
  });

  it('wraps a continuation line as the command it continues, at its own indent', () => {
    const text = '  parity cost --model m \\\n      --input-tokens 800 --output-tokens 300 --peak-to-average 3 --ops-per-month 1500 \\\n      --json';
    expect(fitHelpText(text, 60).split('\n')).toEqual([
      '  parity cost --model m \\',
      '      --input-tokens 800 --output-tokens 300 \\',
      '      --peak-to-average 3 --ops-per-month 1500 \\',
      '      --json',
    ]);
  });

  it('wraps a "term   description" line under its description column', () => {
    const fitted = fitHelpText('  parity start                 the per-domain open-vs-closed table and an HTML report', 70);
    expect(fitted.split('\n')).toEqual(['  parity start                 the per-domain open-vs-closed table and', '                               an HTML report']);
  });

  it('reflows a prose paragraph with a line too long, and starts a new one at a labelled line', () => {
    const text =
      'An error (a call that failed after its retries: server down, 5xx, timeout) is\nits own outcome: left out of pass rates.\nExit codes: 0 ok, 1 a suite threshold failed, 2 bad flags, 3 bad config, 4 bad data.';
    const fitted = fitHelpText(text, 50);
    expect(widest(fitted)).toBeLessThanOrEqual(50);
    expect(fitted.split('\n')).toEqual([
      'An error (a call that failed after its retries:',
      'server down, 5xx, timeout) is its own outcome:',
      'left out of pass rates.',
      'Exit codes: 0 ok, 1 a suite threshold failed, 2',
      'bad flags, 3 bad config, 4 bad data.',
    ]);
  });

  it('reflows a description by paragraph: a hard line break inside one is a space', () => {
    expect(reflowDescription('Monthly cost of a workload,\nbreak-even volume.\n\nWith --fine-tune: the one-time cost\nof fine-tuning.')).toBe(
      'Monthly cost of a workload, break-even volume.\n\nWith --fine-tune: the one-time cost of fine-tuning.',
    );
  });
});
