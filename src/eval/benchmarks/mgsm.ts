import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DataError, NotFoundError } from '../../errors.js';
import { parseReferenceNumber } from '../graders/numeric-extract.js';
import { mathPrompt } from './math-prompt.js';
import { numberedLines, readText, rowGrader } from './read-files.js';
import { benchmarkWithGold } from './types.js';
import type { BenchmarkCase, BenchmarkLoader } from './types.js';

const FILE_NAME = /^mgsm_([a-z]{2,3})\.tsv$/;

async function mgsmFiles(target: string): Promise<string[]> {
  const info = await stat(target).catch(() => undefined);
  if (info === undefined) throw new NotFoundError(`no such file or directory: ${target}`);
  if (info.isFile()) return [target];
  const files = (await readdir(target)).filter((name) => FILE_NAME.test(name)).sort();
  if (files.length === 0) throw new NotFoundError(`${target} holds no mgsm_<language>.tsv file`);
  return files.map((name) => path.join(target, name));
}

/**
 * MGSM (Shi et al. 2022): 250 GSM8K problems translated into 10 languages (plus English). Each
 * `mgsm_<language>.tsv` has two tab-separated columns and no header: question, numeric answer.
 */
export const mgsmLoader: BenchmarkLoader = {
  name: 'mgsm',
  title: 'MGSM',
  domains: ['math', 'multilingual'],
  origin: 'google-research/url-nlp, mgsm/mgsm_<language>.tsv',
  licence: 'CC BY 4.0',
  expects: 'one mgsm_<language>.tsv file, or a directory of them (every language is loaded)',
  async load(target) {
    const files = await mgsmFiles(target);
    const entries: Array<{ testCase: BenchmarkCase; gold: string }> = [];
    for (const file of files) {
      const language = FILE_NAME.exec(path.basename(file))?.[1];
      if (language === undefined) throw new DataError(file, undefined, 'file name must be mgsm_<language>.tsv');
      const lines = numberedLines(await readText(file));
      lines.forEach(({ row, line }, index) => {
        const fields = line.split('\t');
        if (fields.length !== 2) throw new DataError(file, row, `expected 2 tab-separated fields, found ${fields.length}`);
        const [question = '', answer = ''] = fields.map((field) => field.trim());
        if (question === '') throw new DataError(file, row, 'empty question');
        const reference = parseReferenceNumber(answer);
        if (reference === undefined) throw new DataError(file, row, `answer ${JSON.stringify(answer)} is not a number`);
        entries.push({
          testCase: {
            id: `mgsm-${language}-${index}`,
            prompt: mathPrompt(question),
            vars: { question, language },
            expected: reference,
            grader: rowGrader({ type: 'numeric' }, file, row),
          },
          gold: answer,
        });
      });
    }
    return benchmarkWithGold('mgsm', files, entries);
  },
};
