import { describe, expect, it } from 'vitest';
import { promptText, type RouteMessage } from './prompt-text.js';

describe('promptText', () => {
  it('joins the user turns and leaves out system and assistant turns', () => {
    const messages: RouteMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image_url' }, { type: 'text', text: 'part' }] },
    ];
    expect(promptText(messages)).toBe('first question\n\nsecond\npart');
  });

  it('falls back to every turn when there is no user turn, and tolerates odd content', () => {
    expect(promptText([{ role: 'system', content: 'only a system prompt' }])).toBe('only a system prompt');
    const odd = [{ role: 'user', content: [null, 3, { type: 'text', text: 'kept' }] }] as unknown as RouteMessage[];
    expect(promptText(odd)).toBe('kept');
    expect(promptText([{ role: 'user', content: null }])).toBe('');
    expect(promptText('plain')).toBe('plain');
  });
});
