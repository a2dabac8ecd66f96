import { parseRef } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'
import { createFastaarEmulator } from '@paymux/fastaar/testing'
import { describe, expect, it } from 'vitest'
import { createShopPayments, type OrderRecord } from './first-checkout.js'

// The guide's last section, as a test: the shop's code against the emulator, in process.
function shop() {
  const orders = new Map<string, OrderRecord>([['ORDER-1079', { id: 'ORDER-1079', totalPoisha: 107_950 }]])
  let endpoint: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 })
  const emulator = createFastaarEmulator({
    webhooks: {
      secret: 'whsec_test',
      url: 'https://shop.example.com/webhooks/fastaar',
      fetch: (request) => endpoint(request),
    },
  })
  const fastaar = createFastaar({
    apiKey: 'fk_test_shop',
    webhookSecret: 'whsec_test',
    fetch: emulator.fetch,
  })
  const shopPayments = createShopPayments(fastaar, orders)
  endpoint = shopPayments.webhookEndpoint
  const order = orders.get('ORDER-1079') as OrderRecord
  return { emulator, order, ...shopPayments }
}

describe('docs/guides/first-checkout.md', () => {
  it('opens a checkout, stores the ref, and marks the order paid from the verified webhook, once', async () => {
    const { emulator, order, payments, startCheckout } = shop()
    const url = await startCheckout(order)
    expect(url).toMatch(/^https?:\/\//)
    expect(order.paymentRef).toMatch(/^fastaar:/)

    const paymentRef = order.paymentRef ?? expect.fail('the checkout stored no ref')
    // The emulator knows native ids; the signed payment.completed has reached the endpoint when this resolves.
    await emulator.submitTrxId(parseRef(paymentRef).id, { trxId: '8AB2C3D4EF' })
    expect(order.paid).toEqual({ amount: 107_950, currency: 'BDT' })

    const payment = await payments.payments.retrieve(paymentRef)
    expect(payment.status).toBe('succeeded')
    expect(emulator.paymentsCreated).toBe(1)
  })

  it('asks again after a lost answer and still opens one payment', async () => {
    const { emulator, order, startCheckout } = shop()
    emulator.faults.inject({ type: 'drop', when: 'after' }, { count: 3 })
    await startCheckout(order)
    expect(order.paymentRef).toMatch(/^fastaar:/)
    expect(emulator.paymentsCreated).toBe(1)
  })

  it('names the bad field when the order total is not whole poisha', async () => {
    const { order, startCheckout } = shop()
    await expect(startCheckout({ ...order, totalPoisha: 1079.5 })).rejects.toThrow(/amount/)
  })
})
