/**
 * Targets that answer benchmark cases without calling a model: the benchmark's own reference answers
 * (`--responses gold`, a self-test of the graders) or a file of recorded answers (`--responses FILE`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DataError, NotFoundError } from '../errors.js';
import type { Benchmark, BenchmarkCase } from './benchmarks/index.js';
import type { EvalTarget } from './runner/ports.js';

function recordedTarget(ref: string, label: string, answer: (testCase: BenchmarkCase) => string | undefined, cases: readonly BenchmarkCase[]): EvalTarget {
  const byId = new Map(cases.map((testCase) => [testCase.id, testCase]));
  return {
    ref,
    label,
    openWeights: null,
    price: null,
    settings: {},
    cacheable: false,
    async generate(_messages, { caseId }) {
      const testCase = byId.get(caseId);
      const text = testCase === undefined ? undefined : answer(testCase);
      if (text === undefined) throw new NotFoundError(`${label}: no answer for case ${caseId}`);
      // nothing was called, so nothing was measured: the tokens and the latency are unknown, not 0
      return { text, toolCalls: [], inputTokens: null, outputTokens: null, latencyMs: null };
    },
  };
}

/** The benchmark's reference answers as a target. */
export function goldTarget(benchmark: Benchmark): EvalTarget {
  if (!benchmark.cases.some((testCase) => benchmark.gold(testCase) !== undefined)) {
    throw new NotFoundError(`${benchmark.name} has no reference answers to grade; use --responses FILE or --model`);
  }
  return recordedTarget('gold/reference', `${benchmark.name} reference answers`, (testCase) => benchmark.gold(testCase), benchmark.cases);
}

const ID_FIELDS = ['id', 'caseId', 'task_id', 'key', 'question_id'] as const;
const OUTPUT_FIELDS = ['output', 'response', 'completion', 'text', 'answer'] as const;

const rowSchema = z.record(z.string(), z.unknown());

/**
 * Recorded answers from JSONL, one object a line, keyed by the benchmark's case id (`id`, `caseId`, `task_id`,
 * `key` or `question_id`) or by the prompt (`prompt`: the case's prompt or the benchmark's raw prompt field).
 * The answer is `output`, `response`, `completion`, `text` or `answer`.
 */
export function responsesTarget(file: string, benchmark: Benchmark): EvalTarget {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataError(file, undefined, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const byId = new Map<string, string>();
  const byPrompt = new Map<string, string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (error) {
      throw new DataError(file, index + 1, `not valid JSON (${(error as Error).message})`);
    }
    const row = rowSchema.safeParse(parsed);
    if (!row.success) throw new DataError(file, index + 1, 'expected a JSON object');
    const output = OUTPUT_FIELDS.map((field) => row.data[field]).find((value) => typeof value === 'string') as string | undefined;
    if (output === undefined) throw new DataError(file, index + 1, `no answer field (one of ${OUTPUT_FIELDS.join(', ')})`);
    const idValue = ID_FIELDS.map((field) => row.data[field]).find((value) => typeof value === 'string' || typeof value === 'number');
    if (idValue !== undefined) byId.set(String(idValue), output);
    if (typeof row.data.prompt === 'string') byPrompt.set(row.data.prompt, output);
    if (idValue === undefined && typeof row.data.prompt !== 'string') throw new DataError(file, index + 1, `no key: give one of ${ID_FIELDS.join(', ')} or prompt`);
  }
  const answer = (testCase: BenchmarkCase): string | undefined => {
    const direct = byId.get(testCase.id) ?? byPrompt.get(testCase.prompt);
    if (direct !== undefined) return direct;
    for (const value of Object.values(testCase.vars)) {
      if (typeof value === 'string') {
        const hit = byId.get(value) ?? byPrompt.get(value);
        if (hit !== undefined) return hit;
      }
    }
    return undefined;
  };
  return recordedTarget(`recorded/${file.split('/').pop()}`, `recorded answers (${file})`, answer, benchmark.cases);
}
