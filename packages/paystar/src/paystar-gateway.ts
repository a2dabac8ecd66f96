import type { Gateway, GatewayCapabilities, SessionsFacet } from '@paymux/core'
import {
  createNativeClient,
  createTransport,
  defineGateway,
  gatewayClock,
  lazy,
  neutralPipeline,
} from '@paymux/core/adapter-kit'
import { toPaymentSession, toPaystarPaymentRequest } from './map-paystar-session.js'
import { PAYSTAR_ENDPOINTS, type PaystarNativeClient } from './paystar-endpoints.js'
import type { PaystarEnvironment } from './paystar-environments.js'
import { paystarFailureHandler } from './paystar-errors.js'
import { createPaystarManage, type PaystarManageFacet } from './paystar-manage.js'
import type { sessionInput } from './paystar-schemas.js'
import { type PaystarSettings, resolvePaystarSettings } from './paystar-settings.js'
import { createPaystarWebhooks, type PaystarWebhooksFacet } from './paystar-webhooks.js'

/** What Paystar has besides the neutral facets (Paystar only). */
export interface PaystarExtra {
  /** AutoPay, wallet, paperless and notification sessions. */
  readonly manage: PaystarManageFacet
  /** The embedded SDK loader your front end includes to open a session's `url`. */
  readonly loaderUrl: string
  /** The environment this gateway talks to. */
  readonly environment: PaystarEnvironment
}

/**
 * The Paystar gateway: neutral `sessions.create` and `webhooks.verify`, the
 * native client, and the provider-only management sessions on `manage`.
 */
export type PaystarGateway = Gateway<
  'paystar',
  { readonly sessions: Pick<SessionsFacet, 'create'>; readonly webhooks: PaystarWebhooksFacet },
  PaystarNativeClient
> &
  PaystarExtra

/**
 * What Paystar declares besides its operations (`capabilities.operations` is
 * read off the gateway's facets: `sessions.create` and `webhooks.verify`;
 * Paystar documents no lookup). `currencies` follows the `currency` setting.
 * A neutral field Paystar has nowhere to put is refused by core before any
 * request (`unsupported_field`), never dropped.
 */
export const PAYSTAR_CAPABILITIES = Object.freeze({
  currencies: Object.freeze(['USD']),
  sessionModes: Object.freeze(['payment'] as const),
  presentations: Object.freeze(['embedded'] as const),
  unsupportedFields: Object.freeze({
    'sessions.create': Object.freeze([
      // No catalog: a charge is an amount and a description.
      'lineItems.priceId',
      'lineItems.productId',
      // ClientUser has FirstName and LastName, which never change once set: a full name is not split by guess.
      'customer.name',
      // No metadata field: `reference` (ClientReference) is the one value of yours Paystar keeps.
      'metadata',
    ]),
  }),
} as const) satisfies Omit<GatewayCapabilities, 'operations'>

// zod loads with the first call, not with the import: the one place the schema module is loaded.
const schemas = lazy(() => import('./paystar-schemas.js'))

/**
 * Creates the Paystar gateway. Settings are checked at once: a missing
 * `apiKey` or `businessUnitSlug`, a bad value or an unknown key throws
 * `InvalidRequestError` saying how to fix it. The API key and webhook secret
 * live only in closures, never on the returned object.
 */
export function createPaystar(settings: PaystarSettings): PaystarGateway {
  const resolved = resolvePaystarSettings(settings)
  // The user's clock, else a paymux emulator's (its fetch, or the origin it is served on), else the wall clock.
  const now = gatewayClock({
    ...(settings.now === undefined ? {} : { now: settings.now }),
    fetch: settings.fetch,
    baseUrl: resolved.transport.baseUrl,
  })
  const transport = createTransport({
    provider: 'paystar',
    ...resolved.transport,
    secretHeaders: { 'X-Paystar-Api-Key': settings.apiKey },
    secrets: [settings.apiKey, ...(settings.webhookSecret === undefined ? [] : [settings.webhookSecret])],
    failureHandler: paystarFailureHandler,
  })
  const native = createNativeClient({ transport, endpoints: PAYSTAR_ENDPOINTS, schemas })
  const capabilities = { ...PAYSTAR_CAPABILITIES, currencies: [resolved.currency] }
  const { unsupportedFields } = capabilities
  const pipeline = neutralPipeline({ provider: 'paystar', schemas, unsupportedFields })
  // Built on the first call, once zod is loaded; it depends only on the settings.
  let input: ReturnType<typeof sessionInput> | undefined
  const create = pipeline.input(
    'sessions.create',
    (loaded) => (input ??= loaded.sessionInput(resolved)),
    async (valid, options) => {
      const body = toPaystarPaymentRequest(valid, resolved)
      const requestedAt = now()
      const answer = await native.initiatePayment({ body }, options)
      return toPaymentSession(answer.data, {
        requestedAt,
        subtotal: {
          amount: body.Charges.reduce((sum, charge) => sum + charge.Amount, 0),
          currency: resolved.currency,
        },
        reference: valid.reference,
        statuses: resolved.sessionStatuses,
      })
    },
  )
  const sessions: Pick<SessionsFacet, 'create'> = { create }
  const webhooks = createPaystarWebhooks({
    secret: settings.webhookSecret,
    options: settings.webhooks ?? {},
    currency: resolved.currency,
    schemas,
    now,
  })
  return defineGateway({
    id: 'paystar',
    native,
    facets: { sessions, webhooks },
    capabilities,
    extra: {
      manage: createPaystarManage({ native, schemas, businessUnitSlug: resolved.businessUnitSlug, now }),
      loaderUrl: resolved.loaderUrl,
      environment: resolved.environment,
    },
    description: `PaystarGateway { environment: '${resolved.environment}', baseUrl: '${transport.baseUrl}', businessUnitSlug: '${resolved.businessUnitSlug}' }`,
  })
}
