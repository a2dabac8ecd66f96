import type * as z from 'zod'
import { type FieldIssue, InvalidRequestError } from '../errors/invalid-request-error.js'
import { describeIssues, toFieldIssues } from '../http/response-handler.js'
import { showKey, unknownKeyMessage } from './closest-name.js'
import { knownKeysAt } from './known-keys.js'

/** Where the input was given, for the error message. */
export interface InputContext {
  readonly provider: string
  /** e.g. `'sessions.create'`. */
  readonly operation: string
}

// An object with thousands of unknown keys gets a few issues and a count, not thousands of issues.
const MAX_UNKNOWN_KEYS = 10

/**
 * Validates a caller's input before anything is sent. A mismatch throws
 * `InvalidRequestError` whose message and `issues` name every bad field path,
 * never a raw `ZodError`. An unknown key of a strict object is an issue at
 * the key's own path with the closest known key as a suggestion
 * (`refrence: unknown key; did you mean "reference"?`), the same shape at
 * every gateway.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  context: InputContext,
): z.output<Schema> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.flatMap((issue) =>
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

function unknownKeyIssues(schema: z.ZodType, issue: z.core.$ZodIssueUnrecognizedKeys): FieldIssue[] {
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
