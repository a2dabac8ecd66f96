// The code of docs/guides/first-checkout.md, kept here so that first-checkout.test.ts runs it
// against the Fastaar emulator: the guide shows these functions as they are.
import {
  createRouter,
  createWebhookHandler,
  InvalidRequestError,
  ProviderUnavailableError,
  type Ref,
} from '@paymux/core'
import type { FastaarGateway } from '@paymux/fastaar'

/** What the shop keeps per order: the one string that finds its payment again. */
export interface OrderRecord {
  readonly id: string
  readonly totalPoisha: number
  /** `'fastaar:01jxyz…'`: a `Ref<'fastaar'>`, which the router takes as is. */
  paymentRef?: Ref<'fastaar'>
  paid?: { readonly amount: number; readonly currency: string }
}

/** The shop's payments: one gateway behind a router, so a second one is configuration later. */
export function createShopPayments(fastaar: FastaarGateway, orders: Map<string, OrderRecord>) {
  const payments = createRouter({ gateways: [fastaar], route: 'fastaar' })

  /** Opens a checkout for an order and returns the URL to send the buyer to. */
  async function startCheckout(order: OrderRecord): Promise<string> {
    const openCheckout = async () => {
      const session = await payments.sessions.create({
        amount: { amount: order.totalPoisha, currency: 'BDT' },
        reference: order.id, // Fastaar's invoice_id: the same order never opens two payments
        successUrl: `https://shop.example/orders/${order.id}/thanks`,
        cancelUrl: `https://shop.example/orders/${order.id}`,
      })
      order.paymentRef = session.ref // 'fastaar:01jxyz…': store this, not the bare id
      return session.url
    }
    try {
      return await openCheckout()
    } catch (error) {
      if (InvalidRequestError.isInstance(error)) {
        // Nothing was sent, or the provider refused the input: fix it, do not retry as is.
        throw new Error(`order ${order.id}: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`)
      }
      if (ProviderUnavailableError.isInstance(error) && error.outcome === 'unknown') {
        // The payment may exist. With a reference, asking again is safe: Fastaar answers
        // with the payment it already has for this invoice_id instead of a second one.
        return openCheckout()
      }
      throw error
    }
  }

  /** The webhook endpoint: verified, each event handled once, answered for you. */
  const webhookEndpoint = createWebhookHandler({
    webhooks: payments.webhooks,
    onEvent: async (event) => {
      if (event.type !== 'payment.succeeded') return
      const order = event.data.reference === undefined ? undefined : orders.get(event.data.reference)
      if (order === undefined) return
      order.paid = event.data.amount // exact minor units: { amount: 107950, currency: 'BDT' }
    },
  })

  return { payments, startCheckout, webhookEndpoint }
}
