import type { GatewayCapabilities } from '@paymux/core'

/**
 * What Fastaar declares besides its operations (those are read off the
 * gateway's facets). Zod-free: the lazily loaded schemas shape the neutral
 * input from it, and the gateway hands it to core.
 */
export const FASTAAR_DECLARED_CAPABILITIES = Object.freeze({
  currencies: Object.freeze(['BDT']),
  sessionModes: Object.freeze(['payment'] as const),
  presentations: Object.freeze(['redirect'] as const),
  partialRefunds: true,
  /**
   * Neutral fields Fastaar has nowhere to put: a call that sets one is
   * refused (`unsupported_field`) rather than sent without it. Line items are
   * summed into the one amount Fastaar takes, so a line's own description
   * cannot travel either, and Fastaar has no catalog for `priceId` or
   * `productId` to point into. `buyerCountry` and `region` are not here:
   * they describe the buyer for routing and tax (a router sends BD orders
   * here by them), and Fastaar, which computes no tax, needs neither.
   */
  unsupportedFields: Object.freeze({
    'sessions.create': Object.freeze([
      'description',
      'customer',
      'lineItems.priceId',
      'lineItems.productId',
      'lineItems.description',
    ]),
  }),
} as const) satisfies Omit<GatewayCapabilities, 'operations'>
