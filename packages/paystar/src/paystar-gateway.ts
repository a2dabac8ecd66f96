import {
  type CallOptions,
  createTransport,
  type Gateway,
  type GatewayCapabilities,
  type PaymentSession,
  parseInput,
  type SessionsFacet,
} from '@paymux/core'
import { loadPaystarSchemas } from './load-paystar-schemas.js'
import { toPaymentSession, toPaystarPaymentRequest } from './map-paystar-session.js'
import { createPaystarClient, type PaystarNativeClient } from './paystar-client.js'
import type { PaystarEnvironment } from './paystar-environments.js'
import { paystarFailureHandler } from './paystar-errors.js'
import { createPaystarManage, type PaystarManageFacet } from './paystar-manage.js'
import type { paystarSessionInputSchema } from './paystar-session-input.js'
import { type PaystarSettings, resolvePaystarSettings } from './paystar-settings.js'
import { createPaystarWebhooks, type PaystarWebhooksFacet } from './paystar-webhooks.js'

/**
 * The Paystar gateway: neutral `sessions.create` and `webhooks.verify`, the
 * native client, and the provider-only management sessions on `manage`.
 */
export type PaystarGateway = Gateway<
  'paystar',
  { readonly sessions: Pick<SessionsFacet, 'create'>; readonly webhooks: PaystarWebhooksFacet },
  PaystarNativeClient
> & {
  /** AutoPay, wallet, paperless and notification sessions (Paystar only). */
  readonly manage: PaystarManageFacet
  /** The embedded SDK loader your front end includes to open a session's `url`. */
  readonly loaderUrl: string
  /** The environment this gateway talks to. */
  readonly environment: PaystarEnvironment
}

/** What the Paystar gateway does; `sessions.retrieve` is absent because Paystar documents no lookup. */
export const PAYSTAR_CAPABILITIES: GatewayCapabilities = Object.freeze({
  operations: Object.freeze(['sessions.create', 'webhooks.verify'] as const),
  currencies: Object.freeze(['USD']),
  sessionModes: Object.freeze(['payment'] as const),
  presentations: Object.freeze(['embedded'] as const),
})

const inspect = Symbol.for('nodejs.util.inspect.custom')

/**
 * Creates the Paystar gateway. Settings are checked at once: a missing
 * `apiKey` or `businessUnitSlug` throws `InvalidRequestError` saying how to
 * fix it. The API key and webhook secret live only in closures, never on the
 * returned object.
 */
export function createPaystar(settings: PaystarSettings): PaystarGateway {
  const resolved = resolvePaystarSettings(settings)
  const transport = createTransport({
    provider: 'paystar',
    baseUrl: resolved.baseUrl,
    secretHeaders: { 'X-Paystar-Api-Key': settings.apiKey },
    secrets: [settings.apiKey, ...(settings.webhookSecret === undefined ? [] : [settings.webhookSecret])],
    failureHandler: paystarFailureHandler,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
    ...(settings.timeoutMs === undefined ? {} : { timeoutMs: settings.timeoutMs }),
    ...(settings.maxRetries === undefined ? {} : { maxRetries: settings.maxRetries }),
    ...(settings.backoff === undefined ? {} : { backoff: settings.backoff }),
    ...(settings.maxResponseBytes === undefined ? {} : { maxResponseBytes: settings.maxResponseBytes }),
    ...(settings.hooks === undefined ? {} : { hooks: settings.hooks }),
  })
  const parts = createPaystarClient(transport)
  // Built on the first call, once zod is loaded; it depends only on the settings.
  let sessionInput: ReturnType<typeof paystarSessionInputSchema> | undefined
  const capabilities: GatewayCapabilities =
    resolved.currency === 'USD'
      ? PAYSTAR_CAPABILITIES
      : { ...PAYSTAR_CAPABILITIES, currencies: [resolved.currency] }

  async function create(
    input: Parameters<SessionsFacet['create']>[0],
    options?: CallOptions,
  ): Promise<PaymentSession> {
    sessionInput ??= (await loadPaystarSchemas()).paystarSessionInputSchema(resolved)
    const valid = parseInput(sessionInput, input, { provider: 'paystar', operation: 'sessions.create' })
    const body = toPaystarPaymentRequest(valid, resolved)
    const requestedAt = Date.now()
    const answer = await parts.sendPayment(body, 'sessions.create', options)
    const subtotal = body.Charges.reduce((sum, charge) => sum + charge.Amount, 0)
    return toPaymentSession(answer.data, {
      requestedAt,
      subtotal: { amount: subtotal, currency: resolved.currency },
      reference: valid.reference,
      statuses: resolved.sessionStatuses,
    })
  }

  const gateway: PaystarGateway = {
    specificationVersion: 'v1',
    id: 'paystar',
    capabilities,
    native: parts.client,
    sessions: { create },
    webhooks: createPaystarWebhooks({
      secret: settings.webhookSecret,
      options: settings.webhooks ?? {},
      currency: resolved.currency,
    }),
    manage: createPaystarManage(parts, resolved.businessUnitSlug),
    loaderUrl: resolved.loaderUrl,
    environment: resolved.environment,
  }
  Object.defineProperty(gateway, inspect, {
    value: () =>
      `PaystarGateway { environment: '${resolved.environment}', baseUrl: '${resolved.baseUrl}', businessUnitSlug: '${resolved.businessUnitSlug}' }`,
  })
  return Object.freeze(gateway)
}
