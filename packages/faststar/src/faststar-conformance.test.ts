import { runGatewayConformance } from '@paymux/core/testing'
import { createFastStar, FASTSTAR_CAPABILITIES } from './faststar-gateway.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from './testing/index.js'

// The shared neutral scenarios, against a fresh in-process emulator each time.
// A Direct merchant lets the session be an ad hoc amount, so no catalog is needed.
const newEmulator = () =>
  createFastStarEmulator({
    webhooks: {
      url: 'https://shop.example/webhooks/faststar',
      fetch: async () => new Response(null, { status: 204 }),
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

runGatewayConformance({
  gateway: () => {
    emulator = newEmulator()
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
  requestCount: () => emulator.requestCount(),
  webhook: async () => {
    const delivery = emulator.webhooks.build('payment.succeeded', {
      payment_id: 'pi_conformance',
      amount: 1999,
      currency: 'USD',
      status: 'succeeded',
    })
    return delivery.request
  },
  drivers: {
    complete: async (session) => {
      await emulator.completeSession(session.id)
    },
    // Sessions stay open 24 hours in the emulator (FastStar does not document how long).
    expire: () => emulator.clock.advance(24 * 60 * 60 * 1000),
    // The delivery the emulator sent; FastStar redelivers the same signed event (same X-Webhook-ID).
    completionWebhook: (session) => {
      const delivery = emulator.webhooks
        .ofType('payment.succeeded')
        .find((sent) => sent.body.includes(`"checkout_session_id":"${session.id}"`))
      if (delivery === undefined) throw new Error(`the emulator sent no payment.succeeded for ${session.id}`)
      return delivery.request
    },
  },
})
