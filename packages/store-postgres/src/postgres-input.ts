import { type FieldIssue, InvalidRequestError } from '@paymux/core'

/**
 * The longest key, prefix included, in UTF-8 bytes: a btree index entry
 * must fit a third of a page (about 2.7 kB), and a longer key would fail on
 * the server, where it would look like an outage instead of a bad input.
 */
export const MAX_KEY_BYTES = 2_000

// In a `u` regex a surrogate pair is one code point, so this matches only a lone half.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u

/** Why `text` cannot be stored as PostgreSQL `text`, or `undefined` when it can. */
export function textProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return `must be a string, got ${text === null ? 'null' : typeof text}`
  // PostgreSQL text cannot hold U+0000, and UTF-8 cannot hold a lone surrogate (it would come back as U+FFFD).
  if (text.includes('\u0000')) return 'must not contain the character U+0000'
  if (LONE_SURROGATE.test(text)) return 'must be well-formed Unicode (no lone surrogate)'
  return undefined
}

/** The key as stored, `prefix + key`, checked. */
export function checkKey(prefix: string, key: string): string {
  const problem = textProblem(key)
  if (problem !== undefined) throw invalidInput('key', problem)
  const stored = prefix + key
  if (Buffer.byteLength(stored) > MAX_KEY_BYTES) {
    throw invalidInput('key', `must be at most ${MAX_KEY_BYTES} UTF-8 bytes with the prefix`)
  }
  return stored
}

/** A value or an owner, checked. */
export function checkText(name: 'value' | 'owner', text: string): string {
  const problem = textProblem(text)
  if (problem !== undefined) throw invalidInput(name, problem)
  return text
}

/** A ttl or window: NaN or ≤ 0 would make every key look expired, and so every claim succeed. */
export function checkMs(name: 'ttlMs' | 'windowMs', ms: number): number {
  if (Number.isSafeInteger(ms) && ms >= 1) return ms
  throw invalidInput(name, `must be a whole number of milliseconds ≥ 1, got ${String(ms)}`)
}

/** A version to compare with: 0 (nothing there) or a version a write returned. */
export function checkVersion(version: number): number {
  if (Number.isSafeInteger(version) && version >= 0) return version
  throw invalidInput('expectedVersion', `must be a whole number ≥ 0, got ${String(version)}`)
}

function invalidInput(path: string, message: string): InvalidRequestError {
  const issue: FieldIssue = { path, message }
  return new InvalidRequestError({
    provider: 'paymux',
    message: `postgres store: ${path} ${message}`,
    issues: [issue],
  })
}

/** The error for options refused at construction: `InvalidRequestError` (`invalid_settings`) naming every path. */
export function invalidSettings(where: string, issues: readonly FieldIssue[]): InvalidRequestError {
  return new InvalidRequestError({
    provider: 'paymux',
    code: 'invalid_settings',
    message: `${where}: invalid settings: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
    issues,
  })
}

/** One issue per key of `given` that `known` does not list: a misspelt option silently dropped is one the user believes in. */
export function unknownOptionIssues(given: object, known: readonly string[]): FieldIssue[] {
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: key, message: `is not an option (known: ${known.join(', ')})` }))
}
