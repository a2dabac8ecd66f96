import type {
  CatalogFacet,
  CustomersFacet,
  Gateway,
  GatewayCapabilities,
  PaymentMethodsFacet,
  PaymentsFacet,
  SessionsFacet,
  TaxFacet,
} from '@paymux/core'
import {
  createNativeClient,
  createTransport,
  defineGateway,
  lazy,
  neutralPipeline,
} from '@paymux/core/adapter-kit'
import { FASTSTAR_ENDPOINTS, type FastStarNativeClient } from './faststar-endpoints.js'
import { fastStarFailureHandler } from './faststar-errors.js'
import {
  fastStarCatalog,
  fastStarCustomers,
  fastStarPaymentMethods,
  fastStarPayments,
  fastStarSessions,
  fastStarTax,
} from './faststar-facets.js'
import { type FastStarSettings, resolveFastStarSettings } from './faststar-settings.js'
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

/**
 * What FastStar declares besides its operations (`capabilities.operations`
 * is read off the gateway's facets). A neutral field it has nowhere to put is
 * refused by core before any request (`unsupported_field`), never dropped.
 */
export const FASTSTAR_CAPABILITIES = Object.freeze({
  // FastStar lists no currencies; any ISO 4217 code is passed through.
  currencies: 'any',
  sessionModes: Object.freeze(['payment', 'subscription', 'setup'] as const),
  presentations: Object.freeze(['embedded', 'redirect'] as const),
  unsupportedFields: Object.freeze({
    // A checkout session has no documented metadata, and takes only the buyer's email.
    'sessions.create': Object.freeze([
      'metadata',
      'customer.name',
      'customer.firstName',
      'customer.lastName',
    ]),
    // A FastStar customer is an email and a name: a phone number has no field.
    'customers.create': Object.freeze(['phone']),
    // FastStar documents no pagination: customers.list never returns a cursor to pass back.
    'customers.list': Object.freeze(['cursor']),
  }),
} as const) satisfies Omit<GatewayCapabilities, 'operations'>

// zod loads with the first call, not with the import: the one place the schema module is loaded.
const schemas = lazy(() => import('./faststar-schemas.js'))

/**
 * Creates the FastStar Pay gateway. Settings are checked at once: a missing,
 * malformed or unknown option throws `InvalidRequestError` naming it. The API
 * key and the webhook secret stay in closures: they never appear in an error,
 * a hook event, `JSON.stringify` or `util.inspect` of the gateway.
 *
 * @example
 * const faststar = createFastStar({ apiKey: process.env.FASTSTAR_API_KEY ?? '', webhookSecret })
 * const session = await faststar.sessions.create({ lineItems: [{ priceId: 'price_123' }], successUrl, cancelUrl })
 */
export function createFastStar(settings: FastStarSettings): FastStarGateway {
  const resolved = resolveFastStarSettings(settings)
  const transport = createTransport({
    provider: 'faststar',
    ...resolved.transport,
    failureHandler: fastStarFailureHandler,
  })
  const native = createNativeClient({ transport, endpoints: FASTSTAR_ENDPOINTS, schemas })
  const { unsupportedFields } = FASTSTAR_CAPABILITIES
  const pipeline = neutralPipeline({ provider: 'faststar', schemas, unsupportedFields })
  const parts = { pipeline, native, settings: resolved }
  const webhooks = createFastStarWebhooks({ settings: resolved, native, schemas })
  return defineGateway({
    id: 'faststar',
    native,
    facets: {
      sessions: fastStarSessions(parts),
      payments: fastStarPayments(parts),
      customers: fastStarCustomers(parts),
      paymentMethods: fastStarPaymentMethods(parts),
      catalog: fastStarCatalog(parts),
      tax: fastStarTax(parts),
      // `verifyRemote` is FastStar's own helper, and `recognizes` a hint: neither is a registry operation.
      webhooks,
    },
    capabilities: FASTSTAR_CAPABILITIES,
    description: `FastStarGateway { id: 'faststar', baseUrl: '${transport.baseUrl}', merchantType: '${resolved.merchantType}' }`,
  })
}
