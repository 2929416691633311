/** Flag parsing shared by every command: zod validation with errors that name the flag as typed. */
import type { Command } from 'commander';
import { z } from 'zod';
import { regionCode } from '../decide/license/profile.js';
import { ValidationError } from '../errors.js';
import { issueFlag, parseOrThrow } from '../kernel/index.js';

/** Validates commander's options object; the first issue becomes `--flag-name: reason` (exit code 2). */
export function parseFlags<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  return parseOrThrow(schema, raw, (issue) => {
    const flag = issueFlag(issue);
    return new ValidationError(`${flag}: ${issue.message}`, flag);
  });
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

/** The options behind selfHostFlagShape (all but --days-per-month), declared once for `parity cost` and `parity advise`. */
export function addSelfHostOptions(command: Command): Command {
  return command
    .option('--gpu <type>', 'GPU for self-hosting: h100, h100-pcie, h200, a100, b200, gh200, a10, a6000, v100, l40s, …', 'h100')
    .option('--gpus <n>', 'GPUs per replica (default: as in the reference row)')
    .option('--pricing <kind>', 'GPU pricing: on-demand | spot | reserved', 'on-demand')
    .option('--gpu-provider <name>', 'pick the GPU price of this provider (e.g. lambda, aws)')
    .option('--gpu-hour-price <usd>', '$ per GPU-hour, instead of the reference table')
    .option('--throughput <n>', 'measured throughput per replica, instead of the reference table')
    .option('--throughput-unit <unit>', 'requests/s | output-tokens/s', 'output-tokens/s')
    .option('--precision <p>', 'weights precision of the reference throughput row to use, e.g. bf16, fp8')
    .option('--estimate', 'when no throughput row matches, scale the nearest one by active parameters (labelled ESTIMATE)')
    .option('--active-params <billions>', 'active parameters per token, for --estimate when the catalog lacks them')
    .option('--utilization <share>', 'target utilization of each replica at peak (0–1]', '0.6')
    .option('--scale-to-zero', 'bill self-hosting for the average load only (idealised autoscaling) instead of always-on')
    .option('--ops-per-month <usd>', 'monthly operations overhead for self-hosting', '0');
}

/** Use-profile flags of `parity license` and `parity advise`. */
export const licenseProfileFlagShape = {
  mau: z.coerce.number().int().nonnegative(),
  commercial: z.boolean().default(false),
  trainOnOutputs: z.boolean().default(false),
  redistribute: z.boolean().default(false),
  region: z.array(regionCode).default([]),
};
