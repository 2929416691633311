/**
 * What the builder intends to do with a model: the questions a licence verdict answers. Validated with zod
 * because it arrives from CLI flags and, later, from the memo's config.
 */
import { z } from 'zod';

/** EU member states (ISO 3166-1 alpha-2), for restrictions written against "the European Union". */
export const EU_MEMBER_STATES = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
] as const;

export const regionCode = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^([A-Z]{2}|EU)$/, 'expected an ISO 3166 alpha-2 code (e.g. DE, US) or EU'));

export const licenseProfileSchema = z.object({
  /** The model is used in a product or service that earns money (or for a company's internal business). */
  commercial: z.boolean().default(false),
  /** Monthly active users of the licensee's products or services (all of them, not only this feature). */
  monthlyActiveUsers: z.number().int().nonnegative(),
  /** Outputs of the model are used to train, fine-tune or distil another model. */
  trainOnOutputs: z.boolean().default(false),
  /** The weights (or a fine-tune of them) are redistributed, or offered to others as a hosted model. */
  redistribute: z.boolean().default(false),
  /** Where the licensee is domiciled / has its principal place of business. */
  regions: z.array(regionCode).default([]),
});
export type LicenseProfile = z.infer<typeof licenseProfileSchema>;
export type LicenseProfileInput = z.input<typeof licenseProfileSchema>;

function expand(code: string): string[] {
  return code === 'EU' ? ['EU', ...EU_MEMBER_STATES] : [code];
}

/** The profile's regions that fall under `restricted` (where `EU` stands for every member state). */
export function restrictedRegions(regions: readonly string[], restricted: readonly string[]): string[] {
  const restrictedSet = new Set(restricted.flatMap(expand));
  return regions.filter((region) => expand(region).some((code) => restrictedSet.has(code)));
}
