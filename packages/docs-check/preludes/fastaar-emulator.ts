// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// An in-process Fastaar emulator, a gateway on it, and `id`: a payment the
// buyer has not paid yet.
import { createFastaar } from '@paymux/fastaar'
import { createFastaarEmulator } from '@paymux/fastaar/testing'

const emulator = createFastaarEmulator({ webhooks: { secret: 'whsec_test' } })
const fastaar = createFastaar({ apiKey: 'fk_test_docs', fetch: emulator.fetch, webhookSecret: 'whsec_test' })
const { id } = await fastaar.sessions.create({
  amount: { amount: 50_000, currency: 'BDT' },
  reference: 'ORDER-42',
})
