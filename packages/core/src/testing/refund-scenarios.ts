import { describe, expect, it } from 'vitest'
import { InvalidRequestError } from '../errors/index.js'
import type { AnyGateway } from '../model/gateway.js'
import type { Money } from '../model/money.js'
import type { Payment } from '../model/payment.js'
import {
  createSession,
  expectedAmount,
  expectPayment,
  paymentIdOf,
  rejectionOf,
  type ScenarioContext,
} from './conformance-helpers.js'

/**
 * Registers the refund scenarios, for gateways with `payments.refund`: a full
 * refund, a partial one (`capabilities.partialRefunds`), a refund above what
 * is left refused as `InvalidRequestError` with nothing moved, and
 * `listRefunds` showing each refund exactly.
 */
export function registerRefundScenarios<G extends AnyGateway>({ options, lacks }: ScenarioContext<G>): void {
  const { complete } = options.drivers ?? {}
  const noRefund = lacks('sessions.create') || lacks('payments.refund') || complete === undefined
  const noPartial = noRefund || options.capabilities.partialRefunds !== true

  async function paidPaymentId(gateway: G): Promise<string> {
    const session = await createSession(gateway, options.session)
    await complete?.(session)
    const id = await paymentIdOf(gateway, session)
    expect(id, 'the paid session names no payment to refund').toEqual(expect.any(String))
    return id as string
  }

  function refund(gateway: G, id: string, amount?: Money): Promise<Payment> {
    const method = gateway.payments?.refund
    if (method === undefined) throw new Error(`${gateway.id} declares payments.refund but has no such method`)
    return amount === undefined ? method(id) : method(id, { amount })
  }

  /** Asks for `amount` more than is left: refused as a request error, and nothing moves. */
  async function expectOverRefundRefused(gateway: G, id: string, amount: Money, refundedBefore: Money) {
    const before = options.requestCount?.()
    const error = await rejectionOf(refund(gateway, id, amount))
    expect(InvalidRequestError.isInstance(error)).toBe(true)
    expect((error as InvalidRequestError).provider).toBe(gateway.id)
    // Refused locally: then not one request may have been sent.
    if ((error as InvalidRequestError).httpStatus === undefined && before !== undefined)
      expect(options.requestCount?.()).toBe(before)
    if (!lacks('payments.retrieve'))
      expect((await gateway.payments?.retrieve?.(id))?.amountRefunded).toEqual(refundedBefore)
  }

  describe('refund', () => {
    it.skipIf(noRefund)(
      'a full refund refunds the exact amount; one more minor unit is refused',
      async () => {
        const gateway = await options.gateway()
        const id = await paidPaymentId(gateway)
        const total = expectedAmount(options)
        const after = await refund(gateway, id)
        expectPayment(after, gateway.id)
        expect(after.id).toBe(id)
        // A refunded payment was paid: it keeps `succeeded`, `amountRefunded` says how much went back.
        expect(after.status).toBe('succeeded')
        expect(after.amountRefunded).toEqual(total)
        await expectOverRefundRefused(gateway, id, { amount: 1, currency: total.currency }, total)
      },
    )

    it.skipIf(noPartial)(
      'a partial refund refunds the exact part; more than what is left is refused; the rest can follow',
      async () => {
        const gateway = await options.gateway()
        const id = await paidPaymentId(gateway)
        const total = expectedAmount(options)
        const part = { amount: Math.max(1, Math.floor(total.amount / 4)), currency: total.currency }
        const left = { amount: total.amount - part.amount, currency: total.currency }
        expect(left.amount).toBeGreaterThan(0)
        const after = await refund(gateway, id, part)
        expect(after.status).toBe('succeeded')
        expect(after.amountRefunded).toEqual(part)
        await expectOverRefundRefused(gateway, id, { ...left, amount: left.amount + 1 }, part)
        expect((await refund(gateway, id, left)).amountRefunded).toEqual(total)
      },
    )

    it.skipIf(noRefund || lacks('payments.listRefunds'))(
      'listRefunds lists every refund of the payment with its exact amount',
      async () => {
        const gateway = await options.gateway()
        const id = await paidPaymentId(gateway)
        const total = expectedAmount(options)
        const part = { amount: Math.max(1, Math.floor(total.amount / 4)), currency: total.currency }
        const amounts = options.capabilities.partialRefunds === true ? [part, undefined] : [undefined]
        for (const amount of amounts) await refund(gateway, id, amount)
        const refunds = (await gateway.payments?.listRefunds?.(id)) ?? []
        expect(refunds).toHaveLength(amounts.length)
        for (const item of refunds) {
          expect(item.object).toBe('refund')
          expect(item.provider).toBe(gateway.id)
          expect(item.ref).toBe(`${gateway.id}:${item.id}`)
          expect(item.paymentId).toBe(id)
          expect(item.amount.currency).toBe(total.currency)
        }
        expect(new Set(refunds.map((item) => item.id)).size).toBe(refunds.length)
        const expected = amounts.length === 1 ? [total.amount] : [part.amount, total.amount - part.amount]
        expect(refunds.map((item) => item.amount.amount).sort((a, b) => a - b)).toEqual(
          [...expected].sort((a, b) => a - b),
        )
      },
    )
  })
}
