import type { $ZodType } from 'zod/v4/core'
import { InvalidRequestError } from '../errors/index.js'
import { parseInput } from '../validation/index.js'

/** The `[path, message]` of every issue `schema` refuses `input` with; throws if it accepts it. */
export function issuesOf(schema: $ZodType, input: unknown): [string, string][] {
  try {
    parseInput(schema, input, { provider: 'acme', operation: 'schema test' })
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error.issues.map((issue) => [issue.path, issue.message])
    throw error
  }
  throw new Error('expected the input to be refused')
}
