import type { $ZodType, output } from 'zod/v4/core'
import type { GatewayCapabilities, Operation } from '../model/gateway.js'
import { parseInput } from './parse-input.js'
import { refuseUnsupportedFields } from './unsupported-fields.js'

/** Where a neutral input was given, and what the gateway declares it can carry. */
export interface NeutralInputContext {
  /** The gateway's id, named on the error. */
  readonly provider: string
  readonly operation: Operation
  /** Its `unsupportedFields` are refused before the schema runs. */
  readonly capabilities: Pick<GatewayCapabilities, 'unsupportedFields'>
}

/**
 * The one entry for a neutral input: first the fields the gateway declares it
 * cannot carry are refused ({@link refuseUnsupportedFields}, code
 * `unsupported_field`), then `schema` (a neutral schema from
 * `@paymux/core/schemas`, as the gateway refined it) runs as
 * {@link parseInput} does (code `invalid_request`, unknown keys with a
 * suggestion). Both throw before any request.
 */
export function parseNeutralInput<Schema extends $ZodType>(
  schema: Schema,
  input: unknown,
  context: NeutralInputContext,
): output<Schema> {
  refuseUnsupportedFields(input, context.operation, context.capabilities, context.provider)
  return parseInput(schema, input, context)
}
