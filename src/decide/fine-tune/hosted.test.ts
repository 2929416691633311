/** Hosted fine-tuning prices from the bundled rows (Fireworks: $0.50 up to 16B, $3 for 16.1–80B, $2 Mixtral 8x7B; Ori: $0.46 up to 10B). */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { ValidationError } from '../../errors.js';
import { loadFineTuningReference } from '../load-reference.js';
import { hostedQuotes } from './hosted.js';
import { fineTuneModel } from './model.js';

const reference = loadFineTuningReference();
const catalog = loadCatalog();
const model = (id: string, overrides = {}) => fineTuneModel(catalog.getModel(id)!, reference, overrides);
const job = { trainingTokens: 10_000_000, epochs: 3, dataPrepCost: 0 };

describe('hostedQuotes', () => {
  it('prices an 8B LoRA at both services, cheapest first, and adds data preparation', () => {
    const result = hostedQuotes(model('meta/llama-3.1-8b-instruct'), { ...job, method: 'lora', dataPrepCost: 100 }, reference);
    // 30M billed tokens: Ori 30 × $0.46 = $13.80, Fireworks 30 × $0.50 = $15
    expect(result.quotes.map((quote) => [quote.service, quote.billedTokens, quote.trainingCost])).toEqual([
      ['ori', 30_000_000, 13.8],
      ['fireworks', 30_000_000, 15],
    ]);
    expect(result.quotes[0]?.oneTimeCost).toBeCloseTo(113.8, 9);
    expect(result.quotes[1]).toMatchObject({ bracket: 'dense models up to 16B', source: 'fireworks.ai/pricing', servedAtBasePrice: null });
    expect(result.leftOut.map((entry) => entry.service)).toEqual(['OpenAI', 'Together AI', 'Mistral AI', 'Google Vertex AI', 'Predibase']);
  });

  it('prices a 70B by its size bracket and says why a service cannot quote', () => {
    const result = hostedQuotes(model('meta/llama-3.1-70b-instruct'), { ...job, method: 'lora' }, reference);
    expect(result.quotes.map((quote) => [quote.service, quote.trainingCost])).toEqual([['fireworks', 90]]);
    expect(result.unavailable).toEqual([expect.objectContaining({ service: 'ori', reason: expect.stringContaining('publishes no price for a 70B model') })]);
  });

  it('refuses a method a named service does not offer, and lists it otherwise', () => {
    const seventy = model('meta/llama-3.1-70b-instruct');
    expect(() => hostedQuotes(seventy, { ...job, method: 'full', service: 'fireworks' }, reference)).toThrow(ValidationError);
    expect(() => hostedQuotes(seventy, { ...job, method: 'full', service: 'fireworks' }, reference)).toThrow(/Fireworks AI does not offer full fine-tuning \(offers lora, qlora/);
    const all = hostedQuotes(seventy, { ...job, method: 'full' }, reference);
    expect(all.quotes).toEqual([]);
    expect(all.unavailable.map((entry) => entry.service)).toEqual(['fireworks', 'ori']);
    expect(() => hostedQuotes(seventy, { ...job, method: 'lora', service: 'together' }, reference)).toThrow(/no published fine-tuning price on file for "together"/);
  });

  it('prices a mixture of experts only by a row that names it', () => {
    expect(() => model('mistral/mixtral-8x7b-instruct-v0.1')).toThrow(/mixture of experts.*--active-params/);
    const mixtral = model('mistral/mixtral-8x7b-instruct-v0.1', { activeParametersB: 12.9 });
    const result = hostedQuotes(mixtral, { ...job, method: 'lora' }, reference);
    expect(result.quotes.map((quote) => [quote.service, quote.trainingCost, quote.bracket])).toEqual([['fireworks', 60, 'models mixtral-8x7b']]);
    expect(result.unavailable[0]?.reason).toContain('mixture of experts');
  });

  it('refuses a model without a known parameter count', () => {
    expect(() => model('meta/llama-3.3-8b-instruct')).toThrow(/has no known parameter count in the catalog: give it with --params/);
    expect(model('meta/llama-3.3-8b-instruct', { parametersB: 8 }).parametersBasis).toContain('--params');
  });
});
