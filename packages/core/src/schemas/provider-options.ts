import * as z from 'zod/mini'
import type { $ZodType } from 'zod/v4/core'
import { refuseMisspeltGatewayKeys } from '../validation/zod-checks.js'

/**
 * `providerOptions` of a neutral input at gateway `provider`: its own key
 * takes `own` (a strict empty object when it has no options, so any key
 * there is a mistake); other gateways' keys pass untouched, since one input
 * may go to several gateways through a router; a key one edit from a paymux
 * gateway id (`fastsatr`) is refused with a suggestion.
 */
export function providerOptionsSchema(provider: string, own: $ZodType = z.strictObject({})) {
  return z.looseObject({ [provider]: z.optional(own) }).check(refuseMisspeltGatewayKeys)
}
