import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../errors.js';
import { checkQueueName, finishedKey, specKey, workJobId } from './queue-names.js';

describe('queue names', () => {
  it('gives a work item the same job id every time, and different items different ids', () => {
    const item = { runId: 'run-1', caseId: 'c1', modelRef: 'openai/gpt-4o', repeat: 0 };
    expect(workJobId(item)).toBe(workJobId({ ...item }));
    const others = [
      { ...item, runId: 'run-2' },
      { ...item, caseId: 'c2' },
      { ...item, modelRef: 'ollama/qwen2.5:7b' },
      { ...item, repeat: 1 },
      // the parts are encoded, not concatenated: these two must not collide
      { ...item, caseId: 'c1","openai', modelRef: 'gpt-4o' },
    ];
    const ids = new Set([item, ...others].map(workJobId));
    expect(ids.size).toBe(others.length + 1);
  });

  it('makes job ids BullMQ accepts: no colon, not an integer', () => {
    const id = workJobId({ runId: 'a:b', caseId: '12', modelRef: 'x/y:z', repeat: 3 });
    expect(id).not.toContain(':');
    expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
  });

  it('accepts names safe in Redis keys and refuses others', () => {
    expect(checkQueueName('eval')).toBe('eval');
    expect(checkQueueName('team-a.eval_2')).toBe('team-a.eval_2');
    for (const bad of ['', 'a:b', 'a b', 'x'.repeat(101)]) expect(() => checkQueueName(bad)).toThrow(ValidationError);
  });

  it('keeps a run\'s own keys apart per queue and per run', () => {
    expect(specKey('eval', 'r1')).not.toBe(specKey('other', 'r1'));
    expect(specKey('eval', 'r1')).not.toBe(specKey('eval', 'r2'));
    expect(finishedKey('eval', 'r1')).not.toBe(specKey('eval', 'r1'));
  });
});
