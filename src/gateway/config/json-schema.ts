/** The JSON Schema of the gateway config, generated from zod (published as schemas/gateway-config.schema.json). */
import { z } from 'zod';
import { gatewayConfigSchema } from './schema.js';

export function gatewayConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(gatewayConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://parity.dev/schemas/gateway-config.schema.json',
    title: 'parity gateway configuration (parity serve --config)',
  };
}
