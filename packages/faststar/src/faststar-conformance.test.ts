import { runGatewayConformance } from '@paymux/core/testing'
import { createFastStar, FASTSTAR_CAPABILITIES } from './faststar-gateway.js'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from './testing/index.js'

// The shared neutral scenarios, against a fresh in-process emulator each time.
// A Direct merchant lets the session be an ad hoc amount, so no catalog is needed.
let emulator = createFastStarEmulator()

runGatewayConformance({
  gateway: () => {
    emulator = createFastStarEmulator()
    return createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      fetch: emulator.fetch,
      webhookSecret: emulator.webhookSecret,
    })
  },
  capabilities: FASTSTAR_CAPABILITIES,
  session: {
    amount: { amount: 1999, currency: 'USD' },
    description: 'Conformance order',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    reference: 'order_conformance_1',
  },
  requestCount: () => emulator.requestCount(),
  webhook: async () => {
    const delivery = emulator.signedEvent('payment.succeeded', {
      payment_id: 'pi_conformance',
      amount: 1999,
      currency: 'USD',
      status: 'succeeded',
    })
    return { rawBody: delivery.rawBody, headers: delivery.headers }
  },
})
