import { type CallOptions, checkPathId, parseInput, type SessionsFacet } from '@paymux/core'
import type { FastStarNativeClient } from './faststar-client.js'
import { type FastStarSchemas, loadFastStarSchemas } from './faststar-load-schemas.js'
import type { ResolvedFastStarSettings } from './faststar-settings.js'
import { toFastStarSessionRequest, toPaymentSession } from './map-faststar-session.js'

const provider = 'faststar'

/** Builds the `sessions` facet: FastStar Checkout Sessions. */
export function createFastStarSessions(
  native: FastStarNativeClient,
  settings: ResolvedFastStarSettings,
): SessionsFacet {
  // Built on the first call (zod loads then), once per gateway.
  let schema: ReturnType<FastStarSchemas['sessionInputSchema']> | undefined
  const mapping = {
    defaultPresentation: settings.defaultPresentation,
    regionField: settings.sessionRegionField,
  }
  return {
    async create(input, options?: CallOptions) {
      const { sessionInputSchema } = await loadFastStarSchemas()
      schema ??= sessionInputSchema(settings.merchantType, settings.sessionRegionField)
      const valid = parseInput(schema, input, { provider, operation: 'sessions.create' })
      const answer = await native.checkoutSessions.create(toFastStarSessionRequest(valid, mapping), options)
      return toPaymentSession(answer, {
        mode: valid.mode ?? 'payment',
        reference: valid.reference,
        checkoutUrl: settings.checkoutUrl,
      })
    },
    async retrieve(id, options?: CallOptions) {
      const sessionId = checkPathId(id, 'id', { provider, operation: 'sessions.retrieve' })
      const answer = await native.checkoutSessions.retrieve(sessionId, options)
      return toPaymentSession(answer, { checkoutUrl: settings.checkoutUrl })
    },
  }
}
