import { describe, expect, it } from 'vitest'
import type { AnyGateway, WebhookRequest } from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { PaymentSession } from '../model/payment-session.js'
import {
  bodyText,
  createSession,
  expectEvent,
  expectedAmount,
  expectPaidEvent,
  expectPayment,
  expectPaymentEvent,
  paymentIdOf,
  type ScenarioContext,
  verify,
} from './conformance-helpers.js'

/**
 * Registers the payment-event scenarios the emulators' events allow: a failed,
 * a canceled and a refunded payment each map to their neutral event with the
 * exact amounts, and a delivery the merchant refused comes back, retried, as
 * the same event. Each skips only by its own driver (and the operations it calls).
 */
export function registerEventScenarios<G extends AnyGateway>({ options, lacks }: ScenarioContext<G>): void {
  const drivers = options.drivers ?? {}
  const { complete, fail, failureWebhook, cancelWebhook, refundWebhook, redeliveryAfterFailure } = drivers
  const noEvents = lacks('webhooks.verify') || lacks('sessions.create')
  const noFailure = noEvents || fail === undefined || failureWebhook === undefined
  const noCancel = noEvents || cancelWebhook === undefined
  const noRefund = noEvents || complete === undefined || refundWebhook === undefined
  const noPartialRefund = noRefund || options.capabilities.partialRefunds !== true
  const noRedelivery = noEvents || redeliveryAfterFailure === undefined
  const reference = options.session.reference

  /** Calls a driver the scenario's skip flag proved present. */
  function driver<K extends keyof typeof drivers>(name: K): NonNullable<(typeof drivers)[K]> {
    const found = drivers[name]
    if (found === undefined) throw new Error(`conformance: the ${name} driver is missing`)
    return found as NonNullable<(typeof drivers)[K]>
  }

  async function failed(gateway: G): Promise<{ session: PaymentSession; delivery: WebhookRequest }> {
    const session = await createSession(gateway, options.session)
    await driver('fail')(session)
    return { session, delivery: await driver('failureWebhook')(session) }
  }

  async function refunded(gateway: G, amount?: Money) {
    const session = await createSession(gateway, options.session)
    await driver('complete')(session)
    const paymentId = await paymentIdOf(gateway, session)
    const paid = paymentId === undefined ? { session } : { session, paymentId }
    return { paymentId, event: await verify(gateway, await driver('refundWebhook')(paid, amount)) }
  }

  describe('payment events', () => {
    it.skipIf(noFailure)('a failure delivery maps to payment.failed, exact, with a stable id', async () => {
      const gateway = await options.gateway()
      const { session, delivery } = await failed(gateway)
      const event = await verify(gateway, delivery)
      expectPaymentEvent(event, gateway.id, {
        type: 'payment.failed',
        status: 'failed',
        amount: expectedAmount(options),
        ...optional({ paymentId: await paymentIdOf(gateway, session), reference }),
      })
      const redelivered = await verify(gateway, await driver('failureWebhook')(session))
      expect(redelivered.id).toBe(event.id)
      expect(redelivered.type).toBe('payment.failed')
    })

    it.skipIf(noFailure || lacks('payments.retrieve'))(
      'the payment a failure delivery names has failed, for its exact amount',
      async () => {
        const gateway = await options.gateway()
        const event = await verify(gateway, (await failed(gateway)).delivery)
        expectEvent(event, gateway.id)
        const payment = await gateway.payments?.retrieve?.((event.data as { id: string }).id)
        expectPayment(payment as NonNullable<typeof payment>, gateway.id)
        expect(payment?.status).toBe('failed')
        expect(payment?.amount).toEqual(expectedAmount(options))
      },
    )

    it.skipIf(noCancel)('a cancel delivery maps to payment.canceled, exact', async () => {
      const gateway = await options.gateway()
      const session = await createSession(gateway, options.session)
      const event = await verify(gateway, await driver('cancelWebhook')(session))
      expectPaymentEvent(event, gateway.id, {
        type: 'payment.canceled',
        status: 'canceled',
        amount: expectedAmount(options),
        ...optional({ paymentId: await paymentIdOf(gateway, session), reference }),
      })
      if (!lacks('payments.retrieve'))
        expect((await gateway.payments?.retrieve?.(event.data.id))?.status).toBe('canceled')
    })

    it.skipIf(noRefund)(
      'a full refund delivery maps to payment.refunded: still succeeded, the whole amount back',
      async () => {
        const gateway = await options.gateway()
        const total = expectedAmount(options)
        const { paymentId, event } = await refunded(gateway)
        // A refunded payment was paid: it keeps `succeeded`; `amountRefunded` says how much went back.
        expectPaymentEvent(event, gateway.id, {
          type: 'payment.refunded',
          status: 'succeeded',
          amount: total,
          amountRefunded: total,
          ...optional({ paymentId }),
        })
      },
    )

    it.skipIf(noPartialRefund)(
      'a partial refund delivery maps to payment.refunded with the exact part',
      async () => {
        const gateway = await options.gateway()
        const total = expectedAmount(options)
        const part = { amount: Math.max(1, Math.floor(total.amount / 4)), currency: total.currency }
        const { paymentId, event } = await refunded(gateway, part)
        expectPaymentEvent(event, gateway.id, {
          type: 'payment.refunded',
          status: 'succeeded',
          amount: total,
          amountRefunded: part,
          ...optional({ paymentId }),
        })
      },
    )

    it.skipIf(noRedelivery)(
      'a delivery the endpoint refused is retried as the same event, freshly verifiable',
      async () => {
        const gateway = await options.gateway()
        const session = await createSession(gateway, options.session)
        const { failed: refused, retried } = await driver('redeliveryAfterFailure')(session)
        // The same bytes: the same event id, so the merchant's dedupe sees one event.
        expect(bodyText(retried.rawBody)).toBe(bodyText(refused.rawBody))
        const event = await verify(gateway, retried)
        expectEvent(event, gateway.id)
        expect(['payment.succeeded', 'session.completed']).toContain(event.type)
        await expectPaidEvent(gateway, options, event, session)
        const { completionWebhook } = drivers
        if (completionWebhook !== undefined)
          expect((await verify(gateway, await completionWebhook(session))).id).toBe(event.id)
      },
    )
  })
}

/** Only the defined entries: `exactOptionalPropertyTypes` refuses `undefined` for an optional key. */
function optional<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: string
  }
}
