/** Personal data in requests: detection (spans and kinds, never the data) and redaction, for privacy-aware routing. */
export { detectPersonalData, redact, redactPersonalData, type DetectOptions, type PersonalDataSpan, type Redaction } from './detect-personal-data.js';
export { NATIONAL_IDS, PERSONAL_DATA_KINDS, type NationalId, type PersonalDataKind } from './personal-data-kinds.js';
export { luhnValid } from './checksums.js';
