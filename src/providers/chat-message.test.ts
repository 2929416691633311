import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssuePath } from '../errors.js';
import { chatMessageSchema, contentText } from './chat-message.js';

const messages = z.array(chatMessageSchema);

function firstIssue(value: unknown): string {
  const parsed = messages.safeParse(value);
  if (parsed.success) return 'valid';
  const issue = parsed.error.issues[0];
  return `${formatIssuePath(issue?.path ?? [])}: ${issue?.message}`;
}

describe('chatMessageSchema', () => {
  it('accepts every role with its own fields: images, tool calls, tool results, refusals', () => {
    const conversation = [
      { role: 'system', content: 'Be brief.' },
      { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
        ],
        name: 'ada',
      },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '21 °C' },
      { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }], refusal: 'I cannot help with that.' },
      { role: 'function', name: 'legacy', content: null },
    ];
    const parsed = messages.parse(conversation);
    expect(parsed).toEqual(conversation);
  });

  it('passes parts of types OpenAI does not document through (vLLM video, audio URLs)', () => {
    const value = [{ role: 'user', content: [{ type: 'video_url', video_url: { url: 'https://example.test/v.mp4' } }] }];
    expect(messages.parse(value)).toEqual(value);
  });

  it('keeps fields it does not name (servers add their own)', () => {
    const value = [{ role: 'assistant', content: 'Hi', reasoning_content: 'The user greets me.' }];
    expect(messages.parse(value)).toEqual(value);
  });

  it('names the exact field of a bad message', () => {
    expect(firstIssue([{ role: 'user', content: [{ type: 'text' }] }])).toBe('[0].content[0].text: Invalid input: expected string, received undefined');
    expect(firstIssue([{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }])).toBe(
      '[0].content[0].image_url.url: Invalid input: expected string, received undefined',
    );
    expect(firstIssue([{ role: 'user', content: 42 }])).toBe('[0].content: expected a string or an array');
    expect(firstIssue([{ role: 'tool', content: 'x' }])).toBe('[0].tool_call_id: Invalid input: expected string, received undefined');
    expect(firstIssue([{ role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] }])).toBe(
      '[0].tool_calls[0].function.arguments: Invalid input: expected string, received undefined',
    );
    expect(firstIssue([{ role: 'robot', content: 'x' }])).toMatch(/^\[0\]\.role: /);
    expect(firstIssue([{ role: 'user', content: [{ text: 'no type' }] }])).toBe('[0].content[0].type: Invalid input: expected string, received undefined');
  });
});

describe('contentText', () => {
  it('reads strings, joins text and refusal parts by newlines, and skips the rest', () => {
    expect(contentText('plain')).toBe('plain');
    expect(contentText(null)).toBe('');
    expect(contentText(undefined)).toBe('');
    expect(
      contentText([
        { type: 'text', text: 'one' },
        { type: 'image_url', image_url: { url: 'https://example.test/a.png' } },
        { type: 'refusal', refusal: 'two' },
        { type: 'video_url' },
      ]),
    ).toBe('one\ntwo');
    expect(contentText([])).toBe('');
  });
});
