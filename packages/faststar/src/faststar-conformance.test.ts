import type { WebhookRequest } from '@paymux/core'
import { runGatewayConformance } from '@paymux/core/testing'
import { createFastStar, FASTSTAR_CAPABILITIES } from './faststar-gateway.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from './testing/index.js'

// The shared neutral scenarios, against a fresh in-process emulator each time.
// A Direct merchant lets the session be an ad hoc amount, so no catalog is needed.
//
// What still skips, and why (none for lack of an emulator feature):
// - payments.list, payments.retrieve (5 scenarios, reading a failed payment back among them): FastStar
//   documents no payment list or retrieve endpoint.
// - refunds (payments.refund, listRefunds): "Unknown: … refund endpoints" (SUPPLEMENT); the refund
//   *event* is covered through the emulator's dashboard control (refundWebhook below).
// - a partial refund event: FastStar declares no partialRefunds capability, as it has no refund endpoint.
// - an expiry delivery: SUPPLEMENT lists no expiry event, so there is nothing to map to payment.expired.

/** The merchant endpoint: answers 204, or refuses the next attempt when told to; keeps what it received. */
const endpoint = { refuseNext: false, received: [] as WebhookRequest[] }
// A retry schedule is an emulator guess (FastStar documents none, so the default is no retry):
// one retry a minute later lets the redelivery scenario run.
const RETRY_MS = 60_000
const newEmulator = () =>
  createFastStarEmulator({
    webhooks: {
      url: 'https://shop.example/webhooks/faststar',
      retryDelaysMs: [RETRY_MS],
      fetch: async (request) => {
        endpoint.received.push({
          rawBody: await request.text(),
          headers: Object.fromEntries(request.headers),
        })
        const refuse = endpoint.refuseNext
        endpoint.refuseNext = false
        return new Response(null, { status: refuse ? 503 : 204 })
      },
    },
  })
let emulator = newEmulator()

// What FastStar offers: its declared capabilities, and the operations its facets have (read off them).
const capabilities = {
  ...FASTSTAR_CAPABILITIES,
  operations: [
    'sessions.create',
    'sessions.retrieve',
    'payments.charge',
    'customers.create',
    'customers.retrieve',
    'customers.list',
    'paymentMethods.createSetup',
    'paymentMethods.attach',
    'paymentMethods.list',
    'paymentMethods.setDefault',
    'paymentMethods.detach',
    'catalog.products.create',
    'catalog.products.list',
    'catalog.prices.create',
    'catalog.prices.list',
    'tax.calculate',
    'webhooks.verify',
  ] as const,
}

/** The recorded delivery of `event` whose body names the session (its payment's events carry `checkout_session_id`). */
function deliveryOf(event: string, sessionId: string): WebhookRequest {
  const delivery = emulator.webhooks
    .ofType(event)
    .findLast((sent) => sent.body.includes(`"checkout_session_id":"${sessionId}"`))
  if (delivery === undefined) throw new Error(`the emulator sent no ${event} for ${sessionId}`)
  return delivery.request
}

/** The session's payment (a declined attempt or a paid one), as the emulator holds it. */
function paymentIdOf(sessionId: string): string {
  const id = emulator.state.sessions.get(sessionId)?.payment_intent_id
  if (id == null) throw new Error(`session ${sessionId} has no payment in the emulator`)
  return id
}

runGatewayConformance({
  gateway: () => {
    emulator = newEmulator()
    endpoint.refuseNext = false
    endpoint.received = []
    // No `now:`: the gateway reads the emulator's clock through its fetch.
    return createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      fetch: emulator.fetch,
      webhookSecret: emulator.webhookSecret,
    })
  },
  capabilities,
  session: {
    amount: { amount: 1999, currency: 'USD' },
    description: 'Conformance order',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    reference: 'order_conformance_1',
  },
  customer: { email: 'jane@example.com', name: 'Jane Buyer' },
  requestCount: () => emulator.requestCount(),
  webhook: async () =>
    emulator.webhooks.build('payment.succeeded', {
      payment_id: 'pi_conformance',
      amount: 1999,
      currency: 'USD',
      status: 'succeeded',
    }).request,
  drivers: {
    complete: async (session) => {
      await emulator.completeSession(session.id)
    },
    // Sessions stay open 24 hours in the emulator (FastStar does not document how long).
    expire: () => emulator.advance(24 * 60 * 60 * 1000),
    // The delivery the emulator sent; FastStar redelivers the same signed event (same X-Webhook-ID).
    completionWebhook: (session) => deliveryOf('payment.succeeded', session.id),
    // The buyer pays with the declining test card on the hosted page: 402, the session stays open.
    fail: async (session) => {
      const page = new URL(session.url)
      const answer = await emulator.fetch(`${page.origin}${page.pathname}/complete${page.search}`, {
        method: 'POST',
        body: new URLSearchParams({ card: 'declined' }),
      })
      if (answer.status !== 402)
        throw new Error(`the hosted page answered ${answer.status} to a declined card`)
      await emulator.webhooks.settle()
    },
    failureWebhook: (session) => deliveryOf('payment.failed', session.id),
    // FastStar sends payment.canceled only for a payment that exists: the buyer's card is declined,
    // then the buyer leaves the hosted page.
    cancelWebhook: async (session) => {
      if (emulator.state.sessions.get(session.id)?.payment_intent_id == null)
        await emulator.failSession(session.id)
      emulator.cancelSession(session.id)
      await emulator.webhooks.settle()
      return deliveryOf('payment.canceled', session.id)
    },
    // No refund endpoint is documented: the merchant refunds in the dashboard (the emulator's control).
    refundWebhook: async ({ session, paymentId }, amount) => {
      await emulator.refund(paymentId ?? paymentIdOf(session.id), amount?.amount)
      return deliveryOf('payment.refunded', session.id)
    },
    redeliveryAfterFailure: async (session) => {
      endpoint.refuseNext = true
      const before = endpoint.received.length
      await emulator.completeSession(session.id)
      await emulator.advance(RETRY_MS)
      const [failed, retried] = endpoint.received.slice(before)
      if (failed === undefined || retried === undefined) throw new Error('the emulator did not retry')
      return { failed, retried }
    },
  },
})
