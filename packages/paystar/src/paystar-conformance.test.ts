import type { WebhookRequest } from '@paymux/core'
import { runGatewayConformance } from '@paymux/core/testing'
import { createPaystar, PAYSTAR_CAPABILITIES } from './index.js'
import { createPaystarEmulator, type PaystarEmulator } from './testing/index.js'

let emulator: PaystarEmulator = createPaystarEmulator()

const SECRET = 'whsec_conformance'
const RETRY_MS = 60_000

/** The merchant's endpoint: keeps every request it receives, and refuses the next one when told. */
const endpoint = {
  received: [] as WebhookRequest[],
  refuseNext: false,
  async fetch(request: Request): Promise<Response> {
    endpoint.received.push({
      rawBody: await request.text(),
      headers: Object.fromEntries(request.headers),
      url: request.url,
    })
    const refused = endpoint.refuseNext
    endpoint.refuseNext = false
    return new Response(null, { status: refused ? 500 : 204 })
  },
}

// Paystar signs nothing (a shared secret authenticates deliveries), so the suite's
// tampered-body scenarios are skipped by their flag; paystar-webhooks.test.ts covers what verify guarantees.
// Paystar documents no session lookup, so the scenarios that read a session or payment back are skipped.
// Paystar documents no failure, cancel or refund webhook (its actions: Payment.Succeeded, AutoPay.Enrolled,
// AutoPay.Unenrolled) and no refunds, so `fail`/`failureWebhook`, `cancelWebhook` and `refundWebhook` stay
// unwired and their scenarios skipped: the emulator's declining option sends nothing, as documented.
runGatewayConformance({
  gateway: () => {
    endpoint.received = []
    emulator = createPaystarEmulator({
      webhooks: {
        secret: SECRET,
        url: 'https://shop.example/hooks/paystar',
        fetch: endpoint.fetch,
        // Paystar documents no retry schedule; one retry a minute later lets the redelivery scenario run.
        retryDelaysMs: [RETRY_MS],
      },
    })
    return createPaystar({
      apiKey: emulator.apiKey,
      businessUnitSlug: emulator.businessUnitSlug,
      webhookSecret: SECRET,
      fetch: emulator.fetch,
    })
  },
  webhook: async () => {
    const delivery = emulator.webhooks.build('Payment.Succeeded', {
      sessionIdentifier: 'abc123-def456-ghi789',
      status: 'Succeeded',
      referenceNumber: 'NYDVNT-WSQPG',
      amount: '300.34',
    })
    return delivery.request
  },
  webhookSignsBody: false,
  // Stated here, independently of the facets the gateway's operations are read off.
  capabilities: { ...PAYSTAR_CAPABILITIES, operations: ['sessions.create', 'webhooks.verify'] },
  session: {
    amount: { amount: 1079, currency: 'USD' },
    description: 'March water bill',
    reference: 'order-1001',
    customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
    successUrl: 'https://shop.example/paid',
    cancelUrl: 'https://shop.example/cart',
  },
  requestCount: () => emulator.requestCount(),
  drivers: {
    complete: async (session) => {
      await emulator.pay(session.id)
    },
    // Documented: payment sessions live 30 minutes.
    expire: () => emulator.clock.advance(30 * 60 * 1000),
    // The Payment.Succeeded delivery the emulator rendered; a redelivery carries the same payload.
    completionWebhook: (session) => {
      const delivery = emulator.webhooks
        .ofType('Payment.Succeeded')
        .find((sent) => sent.body.includes(`"sessionIdentifier":"${session.id}"`))
      if (delivery === undefined) throw new Error(`the emulator sent no Payment.Succeeded for ${session.id}`)
      return delivery.request
    },
    // The endpoint refuses the first attempt; the emulator retries on its clock with the same body.
    async redeliveryAfterFailure(session) {
      endpoint.refuseNext = true
      await emulator.pay(session.id)
      const failed = endpoint.received.at(-1)
      await emulator.advance(RETRY_MS)
      const retried = endpoint.received.at(-1)
      if (failed === undefined || retried === undefined || retried === failed)
        throw new Error('the emulator did not retry the refused delivery')
      return { failed, retried }
    },
  },
})
