import { describe, expect, it } from 'vitest';
import { printedRunIds, readShellBlocks } from './readme-blocks.js';

const fence = '```';

describe('readShellBlocks', () => {
  it('reads shell blocks in order with the line of their fence, and leaves other languages out', () => {
    const { blocks, problems } = readShellBlocks(`# t\n\n${fence}sh\nparity track\n${fence}\n\n${fence}ts\nconst a = 1;\n${fence}\n${fence}bash\na \\\n  b\n${fence}\n`);
    expect(problems).toEqual([]);
    expect(blocks).toEqual([
      { line: 3, language: 'sh', code: 'parity track', skip: undefined },
      { line: 10, language: 'bash', code: 'a \\\n  b', skip: undefined },
    ]);
  });

  it('honours a skip marker right before a block (blank lines between allowed), with its reason', () => {
    const { blocks, problems } = readShellBlocks(`<!-- readme-test: skip — serves until Ctrl-C -->\n\n${fence}sh\nparity serve\n${fence}\n${fence}sh\nparity track\n${fence}\n`);
    expect(problems).toEqual([]);
    expect(blocks.map((block) => block.skip)).toEqual(['serves until Ctrl-C', undefined]);
  });

  it('reports a marker with no reason, an unknown marker, and a marker that precedes no shell block', () => {
    const text = [
      '<!-- readme-test: skip -->',
      `${fence}sh`,
      'a',
      fence,
      '<!-- readme-test: skp — typo -->',
      `${fence}sh`,
      'b',
      fence,
      '<!-- readme-test: skip — stale -->',
      'some prose',
      '<!-- readme-test: skip — before code -->',
      `${fence}ts`,
      'c',
      fence,
    ].join('\n');
    const { blocks, problems } = readShellBlocks(text);
    expect(problems.map((problem) => problem.line)).toEqual([1, 5, 9, 11]);
    // a block after an unknown marker is run, not skipped
    expect(blocks.map((block) => block.skip)).toEqual(['', undefined]);
  });

  it('finds the run ids parity eval prints', () => {
    expect(printedRunIds('run arena-bench-v1-sample-recorded-20261207-100016-4ba9: 294 calls\nx — run arena-bench-v1-sample-recorded-20261207-100016-4ba9 (completed')).toEqual([
      'arena-bench-v1-sample-recorded-20261207-100016-4ba9',
      'arena-bench-v1-sample-recorded-20261207-100016-4ba9',
    ]);
  });
});
