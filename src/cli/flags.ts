/** Flag parsing shared by every command: zod validation with errors that name the flag as typed. */
import { z } from 'zod';
import { regionCode } from '../decide/license/profile.js';
import { ValidationError } from '../errors.js';

/** Validates commander's options object; the first issue becomes `--flag-name: reason` (exit code 2). */
export function parseFlags<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = issue?.path[0] === undefined ? 'flags' : `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new ValidationError(`${name}: ${issue?.message ?? 'invalid'}`, name);
}

/** For repeatable options: `.option('--model <ref>', '…', collect, [])`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const positive = z.coerce.number().positive();

/** Self-hosting flags of `parity cost` and `parity advise`. */
export const selfHostFlagShape = {
  gpu: z.string().min(1).default('h100'),
  gpus: z.coerce.number().int().positive().optional(),
  pricing: z.enum(['on-demand', 'spot', 'reserved']).default('on-demand'),
  gpuProvider: z.string().min(1).optional(),
  gpuHourPrice: positive.optional(),
  throughput: positive.optional(),
  throughputUnit: z.enum(['requests/s', 'output-tokens/s']).default('output-tokens/s'),
  precision: z.string().min(1).optional(),
  estimate: z.boolean().default(false),
  activeParams: positive.optional(),
  utilization: z.coerce.number().gt(0).max(1).default(0.6),
  scaleToZero: z.boolean().default(false),
  opsPerMonth: z.coerce.number().nonnegative().default(0),
  daysPerMonth: positive.default(30),
};

/** Use-profile flags of `parity license` and `parity advise`. */
export const licenseProfileFlagShape = {
  mau: z.coerce.number().int().nonnegative(),
  commercial: z.boolean().default(false),
  trainOnOutputs: z.boolean().default(false),
  redistribute: z.boolean().default(false),
  region: z.array(regionCode).default([]),
};
