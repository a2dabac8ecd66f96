import { type FieldIssue, InvalidRequestError } from '../errors/invalid-request-error.js'
import type { GatewayCapabilities, Operation } from '../model/gateway.js'
import { showKey } from './closest-name.js'

// The one policy for a neutral field a gateway cannot carry: refused before
// any request, never dropped and never sent some other way. Zod-free, so it
// runs before the gateway's schemas have loaded.

/** The error code of a call that sets a field the gateway declares in `capabilities.unsupportedFields`. */
export const UNSUPPORTED_FIELD = 'unsupported_field'

// Deep inputs cannot make the walk expensive: paths are a few segments long, and arrays fan out once per item.
const MAX_REPORTED = 20

/**
 * Throws `InvalidRequestError` (code `unsupported_field`) when `input` sets
 * any field that `capabilities.unsupportedFields[operation]` lists, naming
 * each field where it was set (`customer.name`, `lineItems.1.priceId`) and the
 * gateway, with a hint: remove it, or route the call to a gateway that
 * carries it. A field counts as set when its value is anything but
 * `undefined`, `null` included. Path segments step into arrays at every item
 * (`lineItems.priceId` is checked on each line item). Run it before the
 * gateway's schema: the field cannot travel whatever its value, and nothing
 * has been sent yet.
 */
export function refuseUnsupportedFields(
  input: unknown,
  operation: Operation,
  capabilities: Pick<GatewayCapabilities, 'unsupportedFields'>,
  provider: string,
): void {
  const declared = capabilities.unsupportedFields?.[operation] ?? []
  const found = declared.flatMap((field) => setPaths(input, field.split('.'), []))
  if (found.length === 0) return
  const issues: FieldIssue[] = found.slice(0, MAX_REPORTED).map((path) => ({
    path,
    message: `${provider} cannot carry this field: remove it, or route the call to a gateway that supports it`,
  }))
  const more = found.length > MAX_REPORTED ? ` and ${found.length - MAX_REPORTED} more` : ''
  const fields = `${found.slice(0, MAX_REPORTED).join(', ')}${more}`
  throw new InvalidRequestError({
    provider,
    code: UNSUPPORTED_FIELD,
    message:
      `${provider}: ${operation} input sets ${found.length === 1 ? 'a field' : 'fields'} ${provider} cannot carry: ${fields}. ` +
      `paymux refuses it rather than drop it: remove ${found.length === 1 ? 'it' : 'them'}, or route the call to a gateway that supports ${found.length === 1 ? 'it' : 'them'}.`,
    issues,
  })
}

// The dotted paths under which `value` sets `rest`, array items numbered.
function setPaths(value: unknown, rest: readonly string[], at: readonly string[]): string[] {
  const [key, ...deeper] = rest
  if (key === undefined) return value === undefined ? [] : [at.join('.')]
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => setPaths(item, rest, [...at, String(index)]))
  }
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return []
  return setPaths((value as Record<string, unknown>)[key], deeper, [...at, showKey(key)])
}
