import { describe, expect, it } from 'vitest'
import { InvalidRequestError, NotFoundError, WebhookVerificationError } from '../errors/index.js'
import type {
  AnyGateway,
  CreateSessionInput,
  GatewayCapabilities,
  Operation,
  WebhookRequest,
} from '../model/gateway.js'
import type { PaymentSession } from '../model/payment-session.js'
import { checkGatewayContract } from './gateway-contract.js'

/** How an adapter's test file runs the shared suite against its emulator. */
export interface ConformanceOptions<G extends AnyGateway> {
  /** Builds a gateway wired to a fresh emulator; called once per scenario. */
  readonly gateway: () => G | Promise<G>
  /**
   * What the gateway declares. Scenarios for operations it lacks are skipped
   * by this flag (and reported as skipped), never deleted.
   */
  readonly capabilities: GatewayCapabilities
  /** A valid `sessions.create` input for this gateway. */
  readonly session: CreateSessionInput
  /** How many requests the gateway has sent to its emulator so far: proves local validation sends none. */
  readonly requestCount?: () => number
  /** A signed delivery that the gateway's `webhooks.verify` accepts. */
  readonly webhook?: () => Promise<WebhookRequest>
  /**
   * Whether the provider signs the body. A gateway that authenticates
   * deliveries with a shared secret only (Paystar) cannot detect a tampered
   * body, so that scenario is skipped by this flag. @default true
   */
  readonly webhookSignsBody?: boolean
  /** An id no object has. @default 'paymux_conformance_missing' */
  readonly unknownId?: string
}

/**
 * Registers the neutral scenarios every gateway must pass (vitest `describe`
 * / `it`), the same assertions for all. Call it at the top level of a test file.
 */
export function runGatewayConformance<G extends AnyGateway>(options: ConformanceOptions<G>): void {
  const has = (operation: Operation) => options.capabilities.operations.includes(operation)
  const lacks = (operation: Operation) => !has(operation)
  const unknownId = options.unknownId ?? 'paymux_conformance_missing'

  describe('gateway conformance', () => {
    it('keeps its contract: version, id, and capabilities that match its methods', async () => {
      const gateway = await options.gateway()
      expect(checkGatewayContract(gateway)).toEqual([])
      expect(gateway.capabilities).toEqual(options.capabilities)
    })

    it.skipIf(lacks('sessions.create'))(
      'sessions.create returns an open session with a ref and a url',
      async () => {
        const gateway = await options.gateway()
        const session = await createSession(gateway, options.session)
        expectSession(session, gateway.id)
        expect(session.status).toBe('open')
        if (session.expiresAt !== undefined)
          expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() - 60_000)
        if (options.session.reference !== undefined) expect(session.reference).toBe(options.session.reference)
      },
    )

    it.skipIf(lacks('sessions.create'))(
      'sessions.create refuses a bad URL locally, naming the field',
      async () => {
        const gateway = await options.gateway()
        const before = options.requestCount?.()
        const error = await createSession(gateway, { ...options.session, successUrl: 'not a url' }).catch(
          (e: unknown) => e,
        )
        expect(InvalidRequestError.isInstance(error)).toBe(true)
        expect((error as InvalidRequestError).issues.map((issue) => issue.path)).toContain('successUrl')
        expect((error as InvalidRequestError).provider).toBe(gateway.id)
        if (before !== undefined) expect(options.requestCount?.()).toBe(before)
      },
    )

    it.skipIf(lacks('sessions.create') || lacks('sessions.retrieve'))(
      'sessions.retrieve finds a created session by id',
      async () => {
        const gateway = await options.gateway()
        const created = await createSession(gateway, options.session)
        const found = await gateway.sessions?.retrieve?.(created.id)
        expect(found).toBeDefined()
        expectSession(found as PaymentSession, gateway.id)
        expect(found?.id).toBe(created.id)
        expect(found?.ref).toBe(created.ref)
      },
    )

    it.skipIf(lacks('sessions.retrieve'))('sessions.retrieve of an unknown id is NotFoundError', async () => {
      const gateway = await options.gateway()
      const error = await gateway.sessions?.retrieve?.(unknownId).catch((e: unknown) => e)
      expect(NotFoundError.isInstance(error)).toBe(true)
      expect((error as NotFoundError).provider).toBe(gateway.id)
    })

    it.skipIf(lacks('payments.list'))('payments.list returns a page', async () => {
      const gateway = await options.gateway()
      const page = await gateway.payments?.list?.({ limit: 1 })
      expect(Array.isArray(page?.data)).toBe(true)
      expect(page?.data.length).toBeLessThanOrEqual(1)
      expect(typeof page?.hasMore).toBe('boolean')
      for (const payment of page?.data ?? []) expect(payment.ref).toBe(`${gateway.id}:${payment.id}`)
    })

    it.skipIf(lacks('webhooks.verify') || options.webhook === undefined)(
      'webhooks.verify accepts a signed delivery and normalizes it',
      async () => {
        const gateway = await options.gateway()
        const delivery = await (options.webhook as () => Promise<WebhookRequest>)()
        const event = await gateway.webhooks?.verify?.(delivery)
        expect(event?.provider).toBe(gateway.id)
        expect(event?.ref).toBe(`${gateway.id}:${event?.id}`)
        expect(event?.occurredAt).toBeInstanceOf(Date)
        expect(typeof event?.nativeType).toBe('string')
        expect(event?.raw).toBeDefined()
      },
    )

    it.skipIf(
      lacks('webhooks.verify') || options.webhook === undefined || options.webhookSignsBody === false,
    )('webhooks.verify refuses a tampered delivery', async () => {
      const gateway = await options.gateway()
      const delivery = await (options.webhook as () => Promise<WebhookRequest>)()
      const tampered = { ...delivery, rawBody: `${bodyText(delivery.rawBody)} ` }
      const error = await gateway.webhooks?.verify?.(tampered).catch((e: unknown) => e)
      expect(WebhookVerificationError.isInstance(error)).toBe(true)
    })
  })
}

async function createSession(gateway: AnyGateway, input: CreateSessionInput): Promise<PaymentSession> {
  const create = gateway.sessions?.create
  if (create === undefined) throw new Error(`${gateway.id} declares sessions.create but has no such method`)
  return create(input)
}

function expectSession(session: PaymentSession, provider: string): void {
  expect(session.object).toBe('session')
  expect(session.provider).toBe(provider)
  expect(session.ref).toBe(`${provider}:${session.id}`)
  expect(session.id).not.toBe('')
  expect(() => new URL(session.url)).not.toThrow()
  expect(['open', 'complete', 'expired', 'canceled']).toContain(session.status)
  expect(typeof session.nativeStatus).toBe('string')
  expect(session.raw).toBeDefined()
}

function bodyText(body: WebhookRequest['rawBody']): string {
  return typeof body === 'string' ? body : new TextDecoder().decode(body)
}
