import type * as z from 'zod'
import { InvalidRequestError } from '../errors/invalid-request-error.js'
import { describeIssues, toFieldIssues } from '../http/response-handler.js'

/** Where the input was given, for the error message. */
export interface InputContext {
  readonly provider: string
  /** e.g. `'sessions.create'`. */
  readonly operation: string
}

/**
 * Validates a caller's input before anything is sent. A mismatch throws
 * `InvalidRequestError` whose message and `issues` name every bad field path,
 * never a raw `ZodError`.
 */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  context: InputContext,
): z.output<Schema> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = toFieldIssues(result.error.issues)
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
