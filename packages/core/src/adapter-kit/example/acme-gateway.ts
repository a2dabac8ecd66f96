import type { Gateway, GatewayCapabilities, PaymentsFacet, SessionsFacet } from '../../model/index.js'
import { createNativeClient, createTransport, defineGateway, lazy, neutralPipeline } from '../index.js'
import { ACME_ENDPOINTS, type AcmeNativeClient } from './acme-endpoints.js'
import { type AcmeSettings, resolveAcmeSettings } from './acme-settings.js'
import { fromAcmePayment, fromAcmeSession, toAcmeSessionBody } from './map-acme-session.js'

/** What Acme declares besides its operations, which are read off its facets. */
export const ACME_CAPABILITIES = {
  currencies: ['USD', 'EUR'],
  sessionModes: ['payment'],
  presentations: ['redirect'],
  // The neutral fields Acme has nowhere to put: core refuses them, never drops them.
  unsupportedFields: {
    'sessions.create': [
      'lineItems',
      'description',
      'customer',
      'cancelUrl',
      'buyerCountry',
      'region',
      'metadata',
    ],
  },
} as const satisfies Omit<GatewayCapabilities, 'operations'>

/** The Acme gateway: checkout sessions, and the payment behind each. */
export type AcmeGateway = Gateway<
  'acme',
  { sessions: SessionsFacet; payments: Pick<PaymentsFacet, 'retrieve'> },
  AcmeNativeClient
>

// zod loads with the first call, not with the import.
const schemas = lazy(() => import('./acme-schemas.js'))

/** Creates the Acme gateway; a bad setting throws `InvalidRequestError` at once, naming it. */
export function createAcme(settings: AcmeSettings): AcmeGateway {
  const transport = createTransport({ provider: 'acme', ...resolveAcmeSettings(settings) })
  const native = createNativeClient({ transport, endpoints: ACME_ENDPOINTS, schemas })
  const { unsupportedFields } = ACME_CAPABILITIES
  const pipeline = neutralPipeline({ provider: 'acme', schemas, unsupportedFields })
  const sessions = {
    create: pipeline.input(
      'sessions.create',
      (loaded) => loaded.sessionInput,
      async (input, options) =>
        fromAcmeSession(await native.createSession({ body: toAcmeSessionBody(input) }, options)),
    ),
    retrieve: pipeline.id('sessions.retrieve', async (id, options) =>
      fromAcmeSession(await native.retrieveSession({ params: { sessionId: id } }, options)),
    ),
  }
  const payments = {
    retrieve: pipeline.id('payments.retrieve', async (id, options) =>
      fromAcmePayment(await native.retrievePayment({ params: { paymentId: id } }, options)),
    ),
  }
  return defineGateway({
    id: 'acme',
    native,
    facets: { sessions, payments },
    capabilities: ACME_CAPABILITIES,
    description: "AcmeGateway { id: 'acme' }",
  })
}
