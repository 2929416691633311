/**
 * The privacy rule in the gateway config (`privacy:`): requests carrying personal data (src/route/privacy) are
 * either pinned to self-hosted upstreams (`upstreams.<name>.selfHosted: true`) or redacted before any other
 * upstream sees them. The request log records that the rule acted (the action and counts per kind), never the
 * data.
 */
import { z } from 'zod';
import { NATIONAL_IDS, PERSONAL_DATA_KINDS } from '../../route/serve.js';

/**
 * `pin`: only self-hosted targets of the request's route are tried (none: the rule's `route`, else the request
 * is refused with a 400); `redact`: self-hosted targets get the request as sent, every other one a copy with
 * each find replaced by `[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`, `[NATIONAL-ID]`.
 */
export const PRIVACY_ACTIONS = ['pin', 'redact'] as const;
export type PrivacyAction = (typeof PRIVACY_ACTIONS)[number];

export const privacyConfigSchema = z
  .object({
    action: z.enum(PRIVACY_ACTIONS).describe('pin: self-hosted upstreams only; redact: third-party upstreams get the request redacted'),
    /** What counts as personal data (default: all kinds). */
    kinds: z.array(z.enum(PERSONAL_DATA_KINDS)).min(1).default([...PERSONAL_DATA_KINDS]),
    /** National identifiers looked for, by pattern and check digit (default: all known). */
    nationalIds: z.array(z.enum(NATIONAL_IDS)).default([...NATIONAL_IDS]),
    /** Also recognise this country's national phone format (ISO 3166-1 alpha-2); without it, only +<country> numbers. */
    defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code, e.g. "DE"').optional(),
    /** pin: a group, alias or target of self-hosted upstreams for requests whose own route has none. */
    route: z.string().min(1).optional().describe('pin: where personal-data requests go when their route has no self-hosted target'),
  })
  .strict()
  .describe('Privacy-aware routing: pin requests with personal data to self-hosted upstreams, or redact them before third-party ones');
export type PrivacyConfig = z.infer<typeof privacyConfigSchema>;
