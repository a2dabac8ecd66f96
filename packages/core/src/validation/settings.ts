import { type FieldIssue, InvalidRequestError } from '../errors/index.js'

/**
 * Reads a whole-number setting: `fallback` when it is `undefined`, otherwise
 * it must be a safe integer in `[min, max]`, or an issue naming `path` is
 * recorded (and `fallback` returned, so every bad setting is reported at once).
 */
export function wholeNumber(
  issues: FieldIssue[],
  path: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback
  if (Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max) {
    return value as number
  }
  issues.push({ path, message: `must be a whole number from ${min} to ${max}, got ${describeValue(value)}` })
  return fallback
}

/** Throws one `InvalidRequestError` (`invalid_settings`) naming every issue, if there is any. */
export function throwIfInvalid(what: string, issues: readonly FieldIssue[]): void {
  if (issues.length === 0) return
  throw new InvalidRequestError({
    provider: 'paymux',
    code: 'invalid_settings',
    message: `paymux: invalid ${what}: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues,
  })
}

/**
 * A value as a settings message shows it: numbers and strings as written
 * (strings cut at 40 characters), anything else by its type, never its
 * contents (a function's source, an object's keys).
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  return /^[aeiou]/.test(typeof value) ? `an ${typeof value}` : `a ${typeof value}`
}
