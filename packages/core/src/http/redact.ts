/** What replaces a secret wherever paymux reports something. Scrubbing itself lives in `scrub-secrets.ts`. */
export const REDACTED = '[redacted]'
