import { runGatewayConformance } from '../../testing/index.js'
import { createAcme } from './acme-gateway.js'
import { createAcmeEmulator } from './testing/acme-emulator.js'

let emulator = createAcmeEmulator()

runGatewayConformance({
  gateway: () => {
    emulator = createAcmeEmulator() // a fresh emulator per scenario
    return createAcme({ apiKey: 'ak_test_conformance', fetch: emulator.fetch })
  },
  capabilities: createAcme({ apiKey: 'ak_test_conformance' }).capabilities,
  session: {
    amount: { amount: 1999, currency: 'USD' },
    successUrl: 'https://shop.example/thanks',
    reference: 'ORDER-1999',
  },
  requestCount: () => emulator.requestCount(),
  // No webhooks, lists or refunds at Acme: those scenarios are skipped by its capabilities.
  drivers: {
    complete: (session) => emulator.settle(session.id, 'paid'),
    expire: (session) => emulator.settle(session.id, 'expired'),
  },
})
