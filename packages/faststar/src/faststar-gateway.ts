import {
  type CatalogFacet,
  type CustomersFacet,
  createTransport,
  type Gateway,
  type GatewayCapabilities,
  type PaymentMethodsFacet,
  type PaymentsFacet,
  type SessionsFacet,
  type TaxFacet,
} from '@paymux/core'
import { createFastStarCatalog } from './faststar-catalog.js'
import { createFastStarClient, type FastStarNativeClient } from './faststar-client.js'
import { fastStarFailureHandler } from './faststar-errors.js'
import {
  createFastStarCustomers,
  createFastStarPaymentMethods,
  createFastStarPayments,
} from './faststar-saved-cards.js'
import { createFastStarSessions } from './faststar-sessions.js'
import { FASTSTAR_BASE_URL, type FastStarSettings, resolveFastStarSettings } from './faststar-settings.js'
import { createFastStarTax } from './faststar-tax.js'
import { createFastStarWebhooks, type FastStarWebhooksFacet } from './faststar-webhooks.js'

/** The facets FastStar has: everything but payment retrieval, listing and refunds. */
export interface FastStarFacets {
  sessions: SessionsFacet
  payments: Pick<PaymentsFacet, 'charge'>
  customers: CustomersFacet
  paymentMethods: PaymentMethodsFacet
  catalog: CatalogFacet
  tax: TaxFacet
  webhooks: FastStarWebhooksFacet
}

/** The FastStar gateway: the neutral facets, and FastStar's own API as `native`. */
export type FastStarGateway = Gateway<'faststar', FastStarFacets, FastStarNativeClient>

/** What the FastStar gateway can do; `operations` is exactly its methods. */
export const FASTSTAR_CAPABILITIES: GatewayCapabilities = Object.freeze({
  operations: Object.freeze([
    'sessions.create',
    'sessions.retrieve',
    'payments.charge',
    'customers.create',
    'customers.retrieve',
    'customers.list',
    'paymentMethods.createSetup',
    'paymentMethods.attach',
    'paymentMethods.list',
    'paymentMethods.setDefault',
    'paymentMethods.detach',
    'catalog.products.create',
    'catalog.products.list',
    'catalog.prices.create',
    'catalog.prices.list',
    'tax.calculate',
    'webhooks.verify',
  ] as const),
  // FastStar lists no currencies; any ISO 4217 code is passed through.
  currencies: 'any',
  sessionModes: Object.freeze(['payment', 'subscription', 'setup'] as const),
  presentations: Object.freeze(['embedded', 'redirect'] as const),
})

const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates the FastStar Pay gateway. Settings are checked at once: a missing or
 * malformed option throws `InvalidRequestError` naming it. The API key and the
 * webhook secret stay in closures: they never appear in an error, a hook event,
 * `JSON.stringify` or `util.inspect` of the gateway.
 *
 * @example
 * const faststar = createFastStar({ apiKey: process.env.FASTSTAR_API_KEY ?? '', webhookSecret })
 * const session = await faststar.sessions.create({ lineItems: [{ priceId: 'price_123' }], successUrl, cancelUrl })
 */
export function createFastStar(settings: FastStarSettings): FastStarGateway {
  const resolved = resolveFastStarSettings(settings)
  const transport = createTransport({
    provider: 'faststar',
    baseUrl: settings.baseUrl ?? FASTSTAR_BASE_URL,
    secretHeaders: { 'X-API-Key': settings.apiKey },
    secrets: [settings.apiKey, ...(settings.webhookSecret ? [settings.webhookSecret] : [])],
    headers: { 'content-type': 'application/json' },
    failureHandler: fastStarFailureHandler,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.backoff === undefined ? {} : { backoff: settings.backoff }),
    ...(settings.maxResponseBytes === undefined ? {} : { maxResponseBytes: settings.maxResponseBytes }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
  })
  const native = createFastStarClient(transport)
  const gateway: FastStarGateway = {
    specificationVersion: 'v1',
    id: 'faststar',
    capabilities: FASTSTAR_CAPABILITIES,
    native,
    sessions: createFastStarSessions(native, resolved),
    payments: createFastStarPayments(native),
    customers: createFastStarCustomers(native),
    paymentMethods: createFastStarPaymentMethods(native),
    catalog: createFastStarCatalog(native),
    tax: createFastStarTax(native, resolved),
    webhooks: createFastStarWebhooks({
      secret: settings.webhookSecret,
      toleranceSeconds: resolved.webhookToleranceSeconds,
      now: resolved.now,
      native,
    }),
  }
  Object.defineProperty(gateway, inspect, {
    value: () =>
      `FastStarGateway { id: 'faststar', baseUrl: '${transport.baseUrl}', merchantType: '${resolved.merchantType}' }`,
  })
  return Object.freeze(gateway)
}
