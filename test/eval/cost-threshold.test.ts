import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reply, startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';

/**
 * A suite's `maxCostUsd` is checked against what the run is known to cost: the spend counts estimates for calls
 * without token counts (and says so), and a model without a price makes the cost unknown — the check fails as
 * unverifiable rather than passing on the known part.
 */
describe('the suite cost threshold', () => {
  let dir: string;
  let upstream: FakeUpstream;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'parity-cost-threshold-'));
    upstream = await startFakeUpstream();
    upstream.on(
      'POST /v1/chat/completions',
      reply.handler((request, response) => {
        const body = request.json as { model: string };
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'chatcmpl-1',
            object: 'chat.completion',
            created: 0,
            model: body.model,
            choices: [{ index: 0, message: { role: 'assistant', content: '4' }, finish_reason: 'stop' }],
            // the "counted" model reports its usage, the "uncounted" one does not
            ...(body.model === 'counted' ? { usage: { prompt_tokens: 20, completion_tokens: 2, total_tokens: 22 } } : {}),
          }),
        );
      }),
    );
    writeFileSync(path.join(dir, 'cases.csv'), 'id,expected\na,4\nb,4\nc,4\n');
  });

  afterAll(async () => {
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function suite(name: string, providers: string, maxCostUsd: number): string {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      `name: ${name}
providers:
${providers}
prompt:
  user: "What is 2 + 2?"
cases: { file: cases.csv }
graders:
  - type: equals
thresholds:
  maxCostUsd: ${maxCostUsd}
`,
    );
    return file;
  }

  async function thresholds(file: string): Promise<{ code: number | null; passed: boolean; failures: string[] }> {
    const result = await runCli(['eval', file, '--db', path.join(dir, 'p.db'), '--json', '--quiet', '--no-cache'], { cwd: dir });
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    const report = JSON.parse(result.stdout) as { thresholds: { passed: boolean; failures: string[] } };
    return { code: result.code, ...report.thresholds };
  }

  it('passes when every model has a price and the run stays under the ceiling', async () => {
    const file = suite('priced', `  - ref: openai-compatible/counted\n    baseURL: ${upstream.url}/v1\n    price: { inputPerMtok: 1, outputPerMtok: 1 }`, 1);
    const check = await thresholds(file);
    expect(check).toMatchObject({ code: 0, passed: true, failures: [] });
  }, 60_000);

  it('cannot check the ceiling when a model that answered has no price', async () => {
    const file = suite(
      'unpriced',
      `  - ref: openai-compatible/counted\n    baseURL: ${upstream.url}/v1\n    price: { inputPerMtok: 1, outputPerMtok: 1 }\n  - ref: openai-compatible/no-price-model-xyz\n    label: unpriced\n    baseURL: ${upstream.url}/v1`,
      1,
    );
    const check = await thresholds(file);
    expect(check.code).toBe(1);
    expect(check.passed).toBe(false);
    expect(check.failures).toHaveLength(1);
    expect(check.failures[0]).toMatch(/cannot be checked against the suite's maximum of \$1: unpriced has no price/);
  }, 60_000);

  it('says that the spend above the ceiling counts estimates for calls without token counts', async () => {
    const file = suite('estimated', `  - ref: openai-compatible/uncounted\n    baseURL: ${upstream.url}/v1\n    price: { inputPerMtok: 1, outputPerMtok: 1 }`, 0.000001);
    const check = await thresholds(file);
    expect(check.code).toBe(1);
    expect(check.failures[0]).toMatch(/^the run cost \$0\.\d{4}, of it an estimate for 3 calls that reported no token counts, above the suite's maximum of \$0\.000001$/);
  }, 60_000);
});
