import { describe, expect, it } from 'vitest';
import { classifyLicence, groupOf } from './open-definition.js';

describe('open definitions', () => {
  it('classifies licences by usage caps', () => {
    expect(classifyLicence('Apache-2.0')).toBe('permissive');
    expect(classifyLicence('Modified-MIT')).toBe('permissive');
    expect(classifyLicence('NVIDIA-Open-Model')).toBe('permissive');
    expect(classifyLicence('Llama-3.1-Community')).toBe('capped');
    expect(classifyLicence('Qwen')).toBe('capped');
    expect(classifyLicence('CC-BY-NC-4.0')).toBe('capped');
    expect(classifyLicence('Mistral-Research')).toBe('capped');
    expect(classifyLicence('DBRX')).toBe('capped');
    expect(classifyLicence('Open weights (restricted use)')).toBe('capped');
    expect(classifyLicence('Open weights (unrestricted)')).toBe('permissive');
    expect(classifyLicence(null)).toBe('unknown');
    expect(classifyLicence('Some Custom Licence')).toBe('unknown');
  });

  it('puts capped open models in neither group under the permissive definition', () => {
    const llama = { openWeights: true, license: 'Llama-3-Community' };
    expect(groupOf(llama, 'weights')).toBe('open');
    expect(groupOf(llama, 'permissive')).toBeNull();
    expect(groupOf({ openWeights: false, license: null }, 'permissive')).toBe('closed');
  });
});
