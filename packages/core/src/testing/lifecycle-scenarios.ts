import { describe, expect, it } from 'vitest'
import type { AnyGateway } from '../model/gateway.js'
import type { PaymentSession } from '../model/payment-session.js'
import {
  createSession,
  expectedAmount,
  expectPayment,
  expectSession,
  paymentIdOf,
  type ScenarioContext,
  withReferenceSuffix,
} from './conformance-helpers.js'

/** Registers the complete, expire and list scenarios: a payment moved along by the emulator's drivers. */
export function registerLifecycleScenarios<G extends AnyGateway>({
  options,
  lacks,
}: ScenarioContext<G>): void {
  const { complete, expire } = options.drivers ?? {}
  const noComplete = lacks('sessions.create') || complete === undefined
  const noExpire = lacks('sessions.create') || expire === undefined
  const reference = options.session.reference

  // Without a `complete` driver this only creates: enough where an unpaid checkout is already a payment.
  async function paid(gateway: G, input = options.session): Promise<PaymentSession> {
    const session = await createSession(gateway, input)
    await complete?.(session)
    return session
  }

  describe('complete', () => {
    it.skipIf(noComplete || lacks('sessions.retrieve'))(
      'a paid session is complete, with its exact total',
      async () => {
        const gateway = await options.gateway()
        const created = await paid(gateway)
        const found = (await gateway.sessions?.retrieve?.(created.id)) as PaymentSession
        expectSession(found, gateway.id)
        expect(found.id).toBe(created.id)
        expect(found.status).toBe('complete')
        expect(found.amounts?.total).toEqual(expectedAmount(options))
        if (reference !== undefined) expect(found.reference).toBe(reference)
      },
    )

    it.skipIf(noComplete || lacks('payments.retrieve'))(
      'the payment of a paid session has succeeded, for its exact amount',
      async () => {
        const gateway = await options.gateway()
        const session = await paid(gateway)
        const paymentId = await paymentIdOf(gateway, session)
        expect(paymentId).toEqual(expect.any(String))
        const payment = await gateway.payments?.retrieve?.(paymentId as string)
        expectPayment(payment as NonNullable<typeof payment>, gateway.id)
        expect(payment?.id).toBe(paymentId)
        expect(payment?.status).toBe('succeeded')
        expect(payment?.amount).toEqual(expectedAmount(options))
        if (reference !== undefined) expect(payment?.reference).toBe(reference)
      },
    )
  })

  describe('expire', () => {
    it.skipIf(noExpire || lacks('sessions.retrieve'))(
      'a session left unpaid past its expiry is expired',
      async () => {
        const gateway = await options.gateway()
        const created = await createSession(gateway, options.session)
        await expire?.(created)
        const found = await gateway.sessions?.retrieve?.(created.id)
        expect(found?.id).toBe(created.id)
        expect(found?.status).toBe('expired')
      },
    )

    it.skipIf(noExpire || lacks('payments.retrieve'))(
      'the payment of a session left unpaid past its expiry is expired',
      async () => {
        const gateway = await options.gateway()
        const created = await createSession(gateway, options.session)
        await expire?.(created)
        const paymentId = await paymentIdOf(gateway, created)
        expect(paymentId).toEqual(expect.any(String))
        const payment = await gateway.payments?.retrieve?.(paymentId as string)
        expect(payment?.id).toBe(paymentId)
        expect(payment?.status).toBe('expired')
      },
    )
  })

  describe('list', () => {
    it.skipIf(noComplete || lacks('payments.list'))(
      'a paid payment is listed under its status and its reference, an unpaid one is not',
      async () => {
        const gateway = await options.gateway()
        const paidId = await paymentIdOf(gateway, await paid(gateway))
        const unpaid = await createSession(gateway, withReferenceSuffix(options.session, 'unpaid'))
        const unpaidId = await paymentIdOf(gateway, unpaid)
        expect(paidId).toEqual(expect.any(String))

        const succeeded = await gateway.payments?.list?.({ status: 'succeeded' })
        const ids = succeeded?.data.map((payment) => payment.id)
        expect(ids).toContain(paidId)
        if (unpaidId !== undefined) expect(ids).not.toContain(unpaidId)
        for (const payment of succeeded?.data ?? []) expect(payment.status).toBe('succeeded')

        if (reference !== undefined) {
          const byReference = await gateway.payments?.list?.({ reference })
          expect(byReference?.data.map((payment) => payment.id)).toEqual([paidId])
          expect(byReference?.data[0]?.amount).toEqual(expectedAmount(options))
        }
      },
    )

    it.skipIf(lacks('sessions.create') || lacks('payments.list'))(
      'pages of one (limit 1, then the cursor) return distinct payments',
      async () => {
        const gateway = await options.gateway()
        await paid(gateway)
        await createSession(gateway, withReferenceSuffix(options.session, 'second'))
        const first = await gateway.payments?.list?.({ limit: 1 })
        expect(first?.data).toHaveLength(1)
        expect(first?.hasMore).toBe(true)
        expect(first?.nextCursor).toEqual(expect.any(String))
        const second = await gateway.payments?.list?.({ limit: 1, cursor: first?.nextCursor as string })
        expect(second?.data).toHaveLength(1)
        expect(second?.data[0]?.id).not.toBe(first?.data[0]?.id)
        for (const payment of [...(first?.data ?? []), ...(second?.data ?? [])])
          expectPayment(payment, gateway.id)
      },
    )
  })
}
