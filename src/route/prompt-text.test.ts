import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../providers/index.js';
import { promptText } from './prompt-text.js';

describe('promptText', () => {
  it('joins the user turns and leaves out system and assistant turns', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'an answer' },
      { role: 'user', content: [{ type: 'text', text: 'second' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }, { type: 'text', text: 'part' }] },
    ];
    expect(promptText(messages)).toBe('first question\n\nsecond\npart');
  });

  it('falls back to every turn when there is no user turn; empty content and plain text', () => {
    expect(promptText([{ role: 'system', content: 'only a system prompt' }])).toBe('only a system prompt');
    expect(promptText([{ role: 'system', content: 'system' }, { role: 'assistant', content: null }, { role: 'assistant', content: [{ type: 'refusal', refusal: 'no' }] }])).toBe('system\n\nno');
    expect(promptText([{ role: 'user', content: [] }])).toBe('');
    expect(promptText('plain')).toBe('plain');
  });
});
