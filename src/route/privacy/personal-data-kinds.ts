/** The kinds of personal data the detector knows, apart from the detector (which loads libphonenumber-js). */
export const PERSONAL_DATA_KINDS = ['email', 'phone', 'card', 'iban', 'national-id'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** National identifiers recognised, each by its pattern and, where it has one, its check digit. */
export const NATIONAL_IDS = ['us-ssn', 'uk-nino', 'ca-sin', 'nl-bsn', 'fr-nir', 'es-dni'] as const;
export type NationalId = (typeof NATIONAL_IDS)[number];
