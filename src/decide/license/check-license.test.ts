import { describe, expect, it } from 'vitest';
import { loadReference } from '../load-reference.js';
import { checkLicense, type LicenseVerdict } from './check-license.js';
import type { LicenseSubject } from './match-family.js';

// The bundled licenses.json, as imported from shared/data/reference/licenses.yaml (committed in data/).
const { licenses } = loadReference();

const small = { commercial: true, monthlyActiveUsers: 10_000 };

function check(subject: LicenseSubject | string, profile: Parameters<typeof checkLicense>[1] = small): LicenseVerdict {
  const model = typeof subject === 'string' ? { id: subject, openWeights: true } : subject;
  return checkLicense(model, profile, licenses);
}

function finding(verdict: LicenseVerdict, aspect: string) {
  return verdict.findings.find((entry) => entry.aspect === aspect);
}

describe('checkLicense: Llama', () => {
  it('800M monthly active users needs a separate licence from Meta (Llama 3.1), quoting the MAU clause', () => {
    const verdict = check('meta/llama-3.1-70b-instruct', { commercial: true, monthlyActiveUsers: 800_000_000 });
    expect(verdict.verdict).toBe('not-allowed');
    expect(verdict.family).toBe('llama-3.1');
    const mau = finding(verdict, 'monthly-active-users');
    expect(mau?.outcome).toBe('not-allowed');
    expect(mau?.summary).toContain('700,000,000');
    expect(verdict.clause).toEqual(mau?.clause);
    expect(verdict.clause?.text).toMatch(/700,000,000 monthly active users/);
    expect(verdict.source).toContain('github.com/meta-llama/llama-models');
  });

  it('Llama 3 at 800M MAU quotes the source comment next to mau_threshold', () => {
    const verdict = check('Meta-Llama-3-8B-Instruct', { monthlyActiveUsers: 800_000_000 });
    expect(verdict.verdict).toBe('not-allowed');
    expect(verdict.clause).toMatchObject({ origin: 'source-comment', text: expect.stringContaining('must request a license from Meta') });
  });

  it('exactly at the threshold is still within it (the clause says "greater than")', () => {
    const verdict = check('meta/llama-3.3-70b-instruct', { commercial: true, monthlyActiveUsers: 700_000_000 });
    expect(finding(verdict, 'monthly-active-users')?.outcome).toBe('allowed');
    expect(verdict.verdict).toBe('conditions');
  });

  it('a small commercial product may use Llama 3.1 with attribution and the acceptable-use policy', () => {
    const verdict = check('meta/llama-3.1-8b-instruct');
    expect(verdict.verdict).toBe('conditions');
    expect(verdict.conditions.join('\n')).toContain('Built with Llama');
    expect(verdict.conditions.join('\n')).toMatch(/use-policy/);
  });

  it('Llama 3 forbids training other models on its outputs (sec. 1.b.v)', () => {
    const verdict = check('meta/llama-3-70b-instruct', { ...small, trainOnOutputs: true });
    expect(verdict.verdict).toBe('not-allowed');
    expect(finding(verdict, 'train-on-outputs')?.outcome).toBe('not-allowed');
    expect(verdict.clause?.text).toContain('1.b.v');
  });

  it('Llama 3.1 allows training on outputs, with the naming condition', () => {
    const verdict = check('meta/llama-3.1-8b-instruct', { ...small, trainOnOutputs: true });
    expect(verdict.verdict).toBe('conditions');
    const training = finding(verdict, 'train-on-outputs');
    expect(training?.outcome).toBe('conditions');
    expect(training?.clause?.text).toContain('"Llama" at the beginning');
  });

  it('Llama 3.2 vision models grant no rights to EU-domiciled licensees; text models are not affected', () => {
    const vision = check({ id: 'meta/llama-3.2-11b-vision-instruct', openWeights: true, inputModalities: ['text', 'image'] }, { ...small, regions: ['de'] });
    expect(vision.verdict).toBe('not-allowed');
    expect(finding(vision, 'region')?.clause?.text).toContain('EU');
    const text = check({ id: 'meta/llama-3.2-3b-instruct', openWeights: true, inputModalities: ['text'] }, { ...small, regions: ['DE'] });
    expect(finding(text, 'region')?.outcome).toBe('allowed');
    const us = check({ id: 'meta/llama-3.2-11b-vision-instruct', openWeights: true, inputModalities: ['text', 'image'] }, { ...small, regions: ['US'] });
    expect(finding(us, 'region')?.outcome).toBe('allowed');
  });

  it('a third-party fine-tune is not silently given the base licence', () => {
    expect(check('FuseChat-Llama-3.1-8B-Instruct').verdict).toBe('unknown');
    expect(check('nvidia/llama-3.1-nemotron-70b-instruct').verdict).toBe('unknown');
  });
});

describe('checkLicense: other families', () => {
  it('Gemma carries its use restrictions (conditions)', () => {
    const verdict = check('google/gemma-2-9b-it');
    expect(verdict.verdict).toBe('conditions');
    expect(verdict.family).toBe('gemma');
    expect(verdict.conditions.join('\n')).toContain('Prohibited Use Policy');
    expect(verdict.verification?.level).toBe('secondary');
  });

  it('Gemma 4 is not covered by the verified terms: unknown', () => {
    expect(check('google/gemma-4-31b-it').verdict).toBe('unknown');
  });

  it('Apache-2.0 families are allowed: Qwen2.5-7B and Mistral 7B', () => {
    const qwen = check('Qwen/Qwen2.5-7B-Instruct');
    expect(qwen.verdict).toBe('allowed');
    expect(qwen.spdx).toBe('Apache-2.0');
    const mistral = check('mistralai/Mistral-7B-Instruct-v0.3');
    expect(mistral.verdict).toBe('allowed');
    expect(mistral.family).toBe('mistral-apache');
  });

  it('Qwen2.5 licence depends on size: 3B research-only, 72B has a 100M MAU threshold', () => {
    expect(check('qwen2.5-3b-instruct').verdict).toBe('not-allowed');
    expect(check('qwen2.5-3b-instruct', { monthlyActiveUsers: 10 }).verdict).toBe('conditions');
    const big = check('alibaba/qwen2-5-72b-instruct', { commercial: true, monthlyActiveUsers: 150_000_000 });
    expect(big.verdict).toBe('not-allowed');
    expect(big.clause?.text).toContain('100 million MAU');
    expect(check('alibaba/qwen2-5-72b-instruct', { commercial: true, monthlyActiveUsers: 1_000 }).verdict).toBe('allowed');
  });

  it('Mistral Research Licence models are not allowed commercially', () => {
    const verdict = check('mistral/mistral-large-2411');
    expect(verdict.verdict).toBe('not-allowed');
    expect(finding(verdict, 'commercial-use')?.clause?.text).toContain('MRL');
  });

  it('R1 distills inherit their base model licence', () => {
    const llama = check('deepseek-ai/DeepSeek-R1-Distill-Llama-8B', { ...small, trainOnOutputs: true });
    expect(llama.family).toBe('llama-3.1');
    expect(llama.matchedBy).toBe('redirect');
    expect(llama.notes[0]).toContain('Llama-3.1-8B-Base');
    expect(check('deepseek-ai/DeepSeek-R1-Distill-Qwen-7B').verdict).toBe('allowed');
  });

  it('DeepSeek R1 (MIT) allows distillation into other models', () => {
    const verdict = check('deepseek/deepseek-r1', { ...small, trainOnOutputs: true });
    expect(verdict.verdict).toBe('allowed');
  });

  it('redistributing an Apache-2.0 model asks for the licence and notices', () => {
    const verdict = check('alibaba/qwen3-32b', { ...small, redistribute: true });
    expect(verdict.verdict).toBe('conditions');
    expect(verdict.conditions[0]).toContain('Apache-2.0 sec. 4');
  });

  it('an unverified family still answers but says so', () => {
    const verdict = check('openai/gpt-oss-120b');
    expect(verdict.verification?.level).toBe('unverified');
    expect(verdict.notes.join(' ')).toContain('not verified');
  });
});

describe('checkLicense: catalog fields', () => {
  it('an unknown model is unknown, never allowed', () => {
    const verdict = check('someone/mystery-model-13b');
    expect(verdict.verdict).toBe('unknown');
    expect(verdict.clause).toBeNull();
  });

  it('a plain SPDX licence in the catalog is allowed with the SPDX id as the source', () => {
    const verdict = check({ id: 'deepreinforce/ornith-1.0-31b', openWeights: true, license: 'MIT' });
    expect(verdict).toMatchObject({ verdict: 'allowed', spdx: 'MIT', matchedBy: 'spdx' });
    expect(verdict.source).toContain('SPDX MIT');
  });

  it('a non-commercial SPDX licence is not allowed for commercial use', () => {
    const verdict = check({ id: 'lab/nc-model', openWeights: true, license: 'CC-BY-NC-4.0' });
    expect(verdict.verdict).toBe('not-allowed');
  });

  it('an unrecognised licence string is unknown', () => {
    expect(check({ id: 'lab/other', openWeights: true, license: 'Custom Research Terms' }).verdict).toBe('unknown');
  });

  it('a licence field naming a family maps to that family', () => {
    const verdict = check({ id: 'lab/some-llama-finetune', openWeights: true, license: 'Llama 3.1 Community' });
    expect(verdict.family).toBe('llama-3.1');
    expect(verdict.matchedBy).toBe('license-field');
  });

  it('a closed model is unknown, governed by API terms parity does not bundle', () => {
    const verdict = check({ id: 'openai/gpt-4o', openWeights: false });
    expect(verdict.verdict).toBe('unknown');
    expect(verdict.governedBy).toBe('api-terms');
    expect(verdict.clause?.text).toContain('API terms');
    expect(check({ id: 'lab/other', openWeights: true, license: 'Apache-2.0' }).governedBy).toBe('weights-licence');
  });
});

describe('bundled name patterns', () => {
  it('never send one model name to two families', () => {
    const names = [
      'llama-3-8b', 'llama-3-1-8b', 'llama-3-2-11b-vision', 'llama-3-3-70b', 'llama-4-scout-17b-16e',
      'qwen2-5-7b', 'qwen3-32b', 'mistral-7b', 'mistral-large-2411', 'codestral-22b-v0-1', 'mistral-large-2512',
      'deepseek-v3', 'deepseek-v3-0324', 'deepseek-r1', 'gemma-2-9b-it', 'phi-4', 'gpt-oss-20b',
    ];
    for (const name of names) {
      const families = licenses.families.filter((family) => family.match.namePatterns.some((pattern) => new RegExp(pattern, 'i').test(name)));
      expect(families.map((family) => family.id), name).toHaveLength(1);
    }
  });
});
