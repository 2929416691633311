import { describe, expect, it } from 'vitest';
import { ConfigError, ValidationError } from '../../errors.js';
import { grade } from './registry.js';
import type { Judge } from './types.js';

/** A judge that answers from a script and records the prompts it saw. */
function scriptedJudge(reply: (prompt: string) => string): Judge & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    generate: async (prompt) => {
      prompts.push(prompt);
      return reply(prompt);
    },
  };
}

describe('llm-rubric', () => {
  it('sends the question, answer and rubric, and uses the structured verdict', async () => {
    const judge = scriptedJudge(() => 'Here is my verdict:\n```json\n{"pass": true, "score": 0.8, "reason": "polite and correct"}\n```');
    const result = await grade({ text: 'Paris is the capital.', prompt: 'Capital of France?' }, { type: 'llm-rubric', rubric: 'Names Paris politely' }, { judge });
    expect(result).toMatchObject({ pass: true, score: 0.8, reason: 'polite and correct' });
    expect(judge.prompts[0]).toContain('Capital of France?');
    expect(judge.prompts[0]).toContain('Paris is the capital.');
    expect(judge.prompts[0]).toContain('Names Paris politely');
  });

  it('applies a threshold to the score when one is set', async () => {
    const judge = scriptedJudge(() => '{"pass": true, "score": 0.6, "reason": "ok"}');
    expect((await grade({ text: 'x' }, { type: 'llm-rubric', rubric: 'r', threshold: 0.7 }, { judge })).pass).toBe(false);
  });

  it('throws on a malformed verdict instead of passing', async () => {
    for (const reply of ['PASS', '{"pass": "yes", "reason": "sure"}', '{"score": 1}', '{"pass": true, "score": 7, "reason": "x"}']) {
      const judge = scriptedJudge(() => reply);
      await expect(grade({ text: 'x' }, { type: 'llm-rubric', rubric: 'r' }, { judge }), reply).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('throws ConfigError without a judge', async () => {
    await expect(grade({ text: 'x' }, { type: 'llm-rubric', rubric: 'r' })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('pairwise', () => {
  it('asks in both orders so a judge that always picks A scores a tie', async () => {
    const judge = scriptedJudge(() => '{"winner": "A", "reason": "first looks better"}');
    const result = await grade({ text: 'candidate answer', expected: 'reference answer' }, { type: 'pairwise' }, { judge });
    expect(judge.prompts).toHaveLength(2);
    expect(judge.prompts[0]?.indexOf('candidate answer')).toBeLessThan(judge.prompts[0]?.indexOf('reference answer') ?? -1);
    expect(judge.prompts[1]?.indexOf('reference answer')).toBeLessThan(judge.prompts[1]?.indexOf('candidate answer') ?? -1);
    expect(result.score).toBe(0.5);
    expect(result.pass).toBe(true);
  });

  it('scores 1 when the output wins in both positions and 0 when it loses in both', async () => {
    const prefersCandidate = scriptedJudge((prompt) => {
      const candidateFirst = prompt.indexOf('CANDIDATE') < prompt.indexOf('REFERENCE');
      return JSON.stringify({ winner: candidateFirst ? 'A' : 'B', reason: 'candidate is better' });
    });
    expect((await grade({ text: 'CANDIDATE' }, { type: 'pairwise', reference: 'REFERENCE' }, { judge: prefersCandidate })).score).toBe(1);
    const prefersReference = scriptedJudge((prompt) => {
      const candidateFirst = prompt.indexOf('CANDIDATE') < prompt.indexOf('REFERENCE');
      return JSON.stringify({ winner: candidateFirst ? 'B' : 'A', reason: 'reference is better' });
    });
    const lost = await grade({ text: 'CANDIDATE' }, { type: 'pairwise', reference: 'REFERENCE' }, { judge: prefersReference });
    expect(lost).toMatchObject({ pass: false, score: 0 });
  });

  it('throws on a verdict with an unknown winner, and without a reference', async () => {
    const judge = scriptedJudge(() => '{"winner": "C", "reason": "?"}');
    await expect(grade({ text: 'x', expected: 'y' }, { type: 'pairwise' }, { judge })).rejects.toBeInstanceOf(ValidationError);
    await expect(grade({ text: 'x' }, { type: 'pairwise' }, { judge })).rejects.toBeInstanceOf(ConfigError);
  });
});
