// The grader of the offline example suite: GPT-4's recorded single-answer judgement of each recorded answer.
// It finds which model's recording the output is (by case id and exact text, in ./replay/*.jsonl) and looks up
// that model's score for the question in ../data/arena-bench-v1/judgments_single_score.csv (GPT-4 as judge,
// 1–10, with a reference answer). Passes at options.minScore (default 7); score = (s − 1) / 9. An output that
// is not one of the recordings, or has no judgement, throws: that is an error of the run, not a failure.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
let index;

function load() {
  if (index !== undefined) return index;
  const [header, ...rows] = readFileSync(path.join(here, '../data/arena-bench-v1/judgments_single_score.csv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const columns = header.split(',');
  const scores = new Map(); // `${question}\n${model}` -> score
  for (const row of rows) {
    const cells = Object.fromEntries(row.split(',').map((cell, position) => [columns[position], cell]));
    // an empty score: the judge gave no readable rating — no judgement, not a zero
    if (cells.score !== '') scores.set(`${cells.question_id}\n${cells.model}`, Number(cells.score));
  }
  index = new Map(); // `${question}\n${output}` -> { model, score }
  for (const file of readdirSync(path.join(here, 'replay')).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(here, 'replay', file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const record = JSON.parse(line);
      index.set(`${record.id}\n${record.output}`, { model: record.model, score: scores.get(`${record.id}\n${record.model}`) });
    }
  }
  return index;
}

export default function gradeByRecordedJudgement(input, options) {
  const minScore = Number(options.minScore ?? 7);
  const question = String(input.vars?.question_id ?? '');
  const found = load().get(`${question}\n${input.text}`);
  if (found === undefined) throw new Error(`question ${question}: the output is none of the recorded answers in ${path.join(here, 'replay')}`);
  if (found.score === undefined) throw new Error(`question ${question}: no recorded judgement for ${found.model}`);
  return { pass: found.score >= minScore, score: (found.score - 1) / 9, reason: `GPT-4's recorded score ${found.score}/10 for ${found.model} (pass at ≥ ${minScore})` };
}
