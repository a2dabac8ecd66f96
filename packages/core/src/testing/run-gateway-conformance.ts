import { describe, expect, it } from 'vitest'
import { InvalidRequestError, NotFoundError } from '../errors/index.js'
import type { AnyGateway, Operation } from '../model/gateway.js'
import type { PaymentSession } from '../model/payment-session.js'
import { createSession, expectedAmount, expectSession, type ScenarioContext } from './conformance-helpers.js'
import type { ConformanceOptions } from './conformance-options.js'
import { registerCustomerScenarios } from './customer-scenarios.js'
import { registerEventScenarios } from './event-scenarios.js'
import { checkGatewayContract } from './gateway-contract.js'
import { registerInputScenarios } from './input-scenarios.js'
import { registerLifecycleScenarios } from './lifecycle-scenarios.js'
import { registerRefundScenarios } from './refund-scenarios.js'
import { registerWebhookScenarios } from './webhook-scenarios.js'

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
        const reported = session.amounts?.total ?? session.amounts?.subtotal
        if (reported !== undefined) expect(reported).toEqual(expectedAmount(options))
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

    const context: ScenarioContext<G> = { options, lacks }
    registerInputScenarios(context)
    registerLifecycleScenarios(context)
    registerWebhookScenarios(context)
    registerRefundScenarios(context)
    registerEventScenarios(context)
    registerCustomerScenarios(context)
  })
}
