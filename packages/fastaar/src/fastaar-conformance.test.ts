import { runGatewayConformance } from '@paymux/core/testing'
import { createFastaar, FASTAAR_CAPABILITIES } from './fastaar-gateway.js'
import { createFastaarEmulator } from './testing/index.js'

const WEBHOOK_SECRET = 'whsec_conformance'
let emulator = createFastaarEmulator({
  webhooks: { secret: WEBHOOK_SECRET, url: 'http://merchant.test/hooks' },
})

runGatewayConformance({
  gateway: () => {
    emulator = createFastaarEmulator({
      webhooks: { secret: WEBHOOK_SECRET, url: 'http://merchant.test/hooks' },
    })
    return createFastaar({
      apiKey: 'fk_test_conformance',
      webhookSecret: WEBHOOK_SECRET,
      fetch: emulator.fetch,
    })
  },
  capabilities: FASTAAR_CAPABILITIES,
  session: {
    amount: { amount: 107_900, currency: 'BDT' },
    reference: 'ORDER-1079',
    successUrl: 'https://shop.example.com/thanks',
    cancelUrl: 'https://shop.example.com/cart',
  },
  requestCount: () => emulator.requests.length,
  webhook: async () => {
    const created = emulator.handler(
      new Request('https://fastaar.com/api/v1/payments', {
        method: 'POST',
        headers: { authorization: 'Bearer fk_test_conformance', 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1079 }),
      }),
    )
    const { data } = (await (await created).json()) as { data: { id: string } }
    emulator.submitTrxId(data.id, { trxId: '8AB2C3D4EF' })
    return emulator.signedWebhook('payment.completed', data.id)
  },
})
