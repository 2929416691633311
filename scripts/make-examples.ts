/**
 * `npx tsx scripts/make-examples.ts [--shared DIR]`
 *
 * Writes the shipped examples from the shared data folder (default ../shared/data, relative to the repository):
 * small samples of the public benchmark files the README's commands name (examples/data/), and the offline eval
 * suite examples/arena-bench/ — recorded answers of three models to arena-bench-v1 questions, replayed and graded by
 * the recorded GPT-4 judge scores. Rows are copied verbatim; examples/ATTRIBUTION.md says which and from where.
 * Run it again after the shared data changes; the product never reads ../shared.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(repoRoot, 'examples');

/** The models of the offline suite: the answer file's name and the name the judgement file uses. */
const SUITE_MODELS = [
  { file: 'Mixtral-8x7B-Instruct-v0.1', judged: 'mistralai/Mixtral-8x7B-Instruct-v0.1' },
  { file: 'gpt-3.5-turbo', judged: 'gpt-3.5-turbo' },
  { file: 'gpt-4-1106-preview', judged: 'gpt-4-1106-preview' },
] as const;
/** Judgements kept for `parity route eval --format single-score`. */
const JUDGED_MODELS = new Set<string>(SUITE_MODELS.map((model) => model.judged));
/** Every third question of arena-bench-v1 that every suite model has a judgement for. */
const QUESTION_STRIDE = 3;
const CHARS_PER_TOKEN = 4;

function lines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
}

function write(relative: string, text: string): void {
  const file = path.join(examples, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
  process.stdout.write(`wrote examples/${relative}\n`);
}

function copyHead(from: string, to: string, rows: number): string[] {
  const kept = lines(from).slice(0, rows);
  write(to, kept.join('\n'));
  return kept;
}

function benchmarkSamples(shared: string): void {
  const benchmarks = path.join(shared, 'benchmarks');
  copyHead(path.join(benchmarks, 'gsm8k/test.jsonl'), 'data/gsm8k/test.jsonl', 20);
  copyHead(path.join(benchmarks, 'humaneval/HumanEval.jsonl'), 'data/humaneval/HumanEval.jsonl', 10);
  const inputs = copyHead(path.join(benchmarks, 'ifeval/input_data.jsonl'), 'data/ifeval/input_data.jsonl', 20);
  const prompts = new Set(inputs.map((line) => (JSON.parse(line) as { prompt: string }).prompt));
  const responses = lines(path.join(benchmarks, 'ifeval/input_response_data_gpt4_20231107_145030.jsonl')).filter((line) =>
    prompts.has((JSON.parse(line) as { prompt: string }).prompt),
  );
  write('data/ifeval/input_response_data_gpt4_20231107_145030.jsonl', responses.join('\n'));
}

interface Question {
  question_id: string;
  turns: string[];
}
interface Answer {
  question_id: string;
  choices: Array<{ turns: string[] }>;
}

function arenaBench(shared: string): void {
  const source = path.join(shared, 'arena-hard/arena-bench-v1');
  const judgementText = readFileSync(path.join(source, 'judgments_single_score.csv'), 'utf8');
  const [header, ...rows] = judgementText.split('\n').filter((line) => line.trim() !== '');
  const judged = (parse(judgementText, { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>).map(
    (row, index) => ({ row, line: rows[index] ?? '' }),
  );
  // only questions with a readable judgement of every suite model: the suite compares them on every case
  const scored = SUITE_MODELS.map(
    (model) => new Set(judged.filter(({ row }) => row.model === model.judged && (row.score ?? '') !== '').map(({ row }) => row.question_id)),
  );
  const questionLines = lines(path.join(source, 'question.jsonl'))
    .filter((line) => {
      const id = (JSON.parse(line) as Question).question_id;
      return scored.every((ids) => ids.has(id));
    })
    .filter((_, index) => index % QUESTION_STRIDE === 0);
  const questions = questionLines.map((line) => JSON.parse(line) as Question);
  const ids = new Set(questions.map((question) => question.question_id));
  write('data/arena-bench-v1/question.jsonl', questionLines.join('\n'));

  const keptJudgements = judged.filter(({ row }) => ids.has(row.question_id ?? '') && JUDGED_MODELS.has(row.model ?? ''));
  write('data/arena-bench-v1/judgments_single_score.csv', [header, ...keptJudgements.map(({ line }) => line)].join('\n'));

  const prompts = new Map(questions.map((question) => [question.question_id, question.turns[0] ?? '']));
  write(
    'arena-bench/cases.jsonl',
    questions.map((question) => JSON.stringify({ id: question.question_id, vars: { prompt: question.turns[0] ?? '', question_id: question.question_id } })).join('\n'),
  );
  for (const model of SUITE_MODELS) {
    const records = lines(path.join(source, 'model_answer', `${model.file}.jsonl`))
      .map((line) => JSON.parse(line) as Answer)
      .filter((answer) => ids.has(answer.question_id))
      .map((answer) => {
        const output = answer.choices[0]?.turns[0] ?? '';
        const prompt = prompts.get(answer.question_id) ?? '';
        return JSON.stringify({
          id: answer.question_id,
          model: model.judged,
          output,
          inputTokens: Math.ceil(prompt.length / CHARS_PER_TOKEN),
          outputTokens: Math.ceil(output.length / CHARS_PER_TOKEN),
        });
      });
    write(`arena-bench/replay/${model.file}.jsonl`, records.join('\n'));
  }
}

function main(): void {
  const { values } = parseArgs({ options: { shared: { type: 'string', default: path.resolve(repoRoot, '../shared/data') } } });
  benchmarkSamples(values.shared);
  arenaBench(values.shared);
}

main();
