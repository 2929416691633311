/** Personal data in requests: detection (spans and kinds, never the data) and redaction, for privacy-aware routing. */
export { detectPersonalData, NATIONAL_IDS, PERSONAL_DATA_KINDS, redact, redactPersonalData, type DetectOptions, type NationalId, type PersonalDataKind, type PersonalDataSpan, type Redaction } from './detect-personal-data.js';
export { luhnValid } from './checksums.js';
