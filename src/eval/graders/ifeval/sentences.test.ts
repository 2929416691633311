import { describe, expect, it } from 'vitest';
import { countSentences, sentences } from './sentences.js';

/** Expected counts follow Punkt's rules as NLTK documents them (see sentences.ts), worked out by hand. */
describe('sentences (Punkt approximation)', () => {
  it('ends sentences at . ? ! followed by another token', () => {
    expect(sentences('It is late. We go home! Are you coming?')).toEqual(['It is late.', 'We go home!', 'Are you coming?']);
  });

  it('does not end a sentence at a line break', () => {
    expect(countSentences('* first item\n* second item')).toBe(1);
    expect(countSentences('## Heading\nThe text starts here. It goes on.')).toBe(2);
  });

  it('ends a sentence before a lower-case word too (an ordinary word is no abbreviation)', () => {
    expect(countSentences('it is late. we go home.')).toBe(2);
  });

  it('keeps titles, Latin abbreviations, initials and decimals inside a sentence', () => {
    expect(countSentences('Dr. Smith arrived. He sat down! Did he stay?')).toBe(3);
    expect(countSentences('Big cities, e.g. Paris, are loud. Yes.')).toBe(2);
    expect(countSentences('J. R. R. Tolkien wrote it. It is long.')).toBe(2);
    expect(countSentences('It costs 3.50 dollars. That is cheap.')).toBe(2);
  });

  it('ends a sentence after a list number followed by a capital, as Punkt does ("1." stands alone)', () => {
    expect(sentences('1. Apples\n2. Bananas')).toEqual(['1.', 'Apples\n2.', 'Bananas']);
  });

  it('ends at an ellipsis only before a capitalised word', () => {
    expect(countSentences('Wait... what? Fine.')).toBe(2);
    expect(countSentences('Wait... Nothing happened.')).toBe(2);
  });

  it('keeps closing quotes with their sentence and needs something after the break', () => {
    expect(sentences('He said "hi." Then he left.')).toEqual(['He said "hi."', 'Then he left.']);
    expect(countSentences('The end.")')).toBe(1);
    expect(countSentences('   ')).toBe(0);
  });

  it('ends a sentence at a mark followed directly by `*` or a bracket, as Punkt does', () => {
    expect(sentences('Eat it (with chopsticks?), taking care.')).toEqual(['Eat it (with chopsticks?', '), taking care.']);
    expect(sentences('What a **relationship, huh?**')).toEqual(['What a **relationship, huh?', '**']);
    expect(countSentences('**Step 1.** Mix it.')).toBe(2);
  });
});
