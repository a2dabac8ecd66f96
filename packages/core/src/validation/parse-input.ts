import type { $ZodIssue, $ZodIssueUnrecognizedKeys, $ZodType, output, ParseContext } from 'zod/v4/core'
import { type FieldIssue, InvalidRequestError } from '../errors/invalid-request-error.js'
import { showKey, unknownKeyMessage } from './closest-name.js'
import { describeIssues, toFieldIssues } from './field-issues.js'
import { issueMessage } from './issue-message.js'
import { knownKeysAt } from './known-keys.js'

/** Where the input was given, for the error message. */
export interface InputContext {
  readonly provider: string
  /** e.g. `'sessions.create'`. */
  readonly operation: string
}

/** What paymux calls on a schema: `safeParse`, which zod and zod/mini schemas both have. */
interface SafeParser<Out> {
  safeParse(
    input: unknown,
    params?: ParseContext<$ZodIssue>,
  ): { success: true; data: Out } | { success: false; error: { issues: $ZodIssue[] } }
}

/** The outcome of {@link safeParseWithMessages}: the value, or paymux field issues. */
export type CheckedValue<Out> =
  | { readonly success: true; readonly data: Out }
  | { readonly success: false; readonly issues: readonly $ZodIssue[] }

/**
 * `schema.safeParse(value)` with paymux's own message for every issue whose
 * schema gave none ({@link issueMessage}): zod/mini loads no locale, and
 * classic zod's locale words it differently. Takes a zod or a zod/mini
 * schema; never imports zod itself.
 */
export function safeParseWithMessages<Schema extends $ZodType>(
  schema: Schema,
  value: unknown,
): CheckedValue<output<Schema>> {
  const result = (schema as unknown as SafeParser<output<Schema>>).safeParse(value, { error: issueMessage })
  return result.success
    ? { success: true, data: result.data }
    : { success: false, issues: result.error.issues }
}

// An object with thousands of unknown keys gets a few issues and a count, not thousands of issues.
const MAX_UNKNOWN_KEYS = 10

/**
 * Validates a caller's input before anything is sent. A mismatch throws
 * `InvalidRequestError` whose message and `issues` name every bad field path,
 * never a raw `ZodError`. An unknown key of a strict object is an issue at
 * the key's own path with the closest known key as a suggestion
 * (`refrence: unknown key; did you mean "reference"?`), the same shape at
 * every gateway. Takes a zod or a zod/mini schema.
 */
export function parseInput<Schema extends $ZodType>(
  schema: Schema,
  input: unknown,
  context: InputContext,
): output<Schema> {
  const result = safeParseWithMessages(schema, input)
  if (result.success) return result.data
  const issues = result.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? unknownKeyIssues(schema, issue) : toFieldIssues([issue]),
  )
  throw new InvalidRequestError({
    provider: context.provider,
    message: `${context.provider}: invalid ${context.operation} input: ${describeIssues(issues)}`,
    issues,
  })
}

/** Throws `InvalidRequestError` for one field, for checks a schema cannot express. */
export function invalidField(context: InputContext, path: string, message: string): never {
  throw new InvalidRequestError({
    provider: context.provider,
    message: `${context.provider}: invalid ${context.operation} input: ${path}: ${message}`,
    issues: [{ path, message }],
  })
}

function unknownKeyIssues(schema: $ZodType, issue: $ZodIssueUnrecognizedKeys): FieldIssue[] {
  const known = knownKeysAt(schema, issue.path)
  const parent = issue.path.map((segment) => showKey(String(segment)))
  const issues = issue.keys.slice(0, MAX_UNKNOWN_KEYS).map((key) => ({
    path: [...parent, showKey(key)].join('.'),
    message: unknownKeyMessage(key, known),
  }))
  const more = issue.keys.length - MAX_UNKNOWN_KEYS
  if (more > 0) {
    issues.push({
      path: parent.length === 0 ? '(root)' : parent.join('.'),
      message: `${more} more unknown keys`,
    })
  }
  return issues
}
