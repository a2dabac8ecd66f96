import { type FieldIssue, InvalidRequestError } from '../errors/invalid-request-error.js'
import { showKey, unknownKeyMessage } from '../validation/closest-name.js'

/**
 * One issue per key of `given` that is not in `known`, with the closest known
 * key as a suggestion (`apiKy: unknown key; did you mean "apiKey"?`), under
 * `prefix` (`'fieldNames.'`). A misspelt setting silently dropped is a setting
 * the user believes in and does not have.
 */
export function unknownKeyIssues(given: object, known: readonly string[], prefix = ''): FieldIssue[] {
  return Object.keys(given)
    .filter((key) => !known.includes(key))
    .map((key) => ({ path: `${prefix}${showKey(key)}`, message: unknownKeyMessage(key, known) }))
}

/**
 * The error for settings refused at construction: `InvalidRequestError` with
 * code `invalid_settings`, naming every bad path. `where` is the factory
 * (`createFastaar`). No value is quoted: a misplaced key must not reach a log.
 */
export function invalidSettings(
  provider: string,
  where: string,
  issues: readonly FieldIssue[],
): InvalidRequestError {
  return new InvalidRequestError({
    provider,
    code: 'invalid_settings',
    message: `${where}: invalid settings: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  })
}

/**
 * The message for a setting of the wrong type, worded as paymux's settings
 * checks word it everywhere: `Invalid input: expected string, received number`.
 * The value itself is never quoted, only its type.
 */
export function expectedType(expected: string, value: unknown): string {
  return `Invalid input: expected ${expected}, received ${typeName(value)}`
}

/** A value's type as settings messages name it: `number`, `NaN`, `null`, `array`, a class name, `object`. */
function typeName(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : String(value)
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') {
    const maker: unknown = value.constructor
    if (Object.getPrototypeOf(value) !== Object.prototype && typeof maker === 'function') return maker.name
  }
  return typeof value
}
