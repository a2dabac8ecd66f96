// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A Fastaar gateway on an in-process emulator, and `paidId`: a payment the
// buyer has completed (TrxID submitted; test keys match the SMS at once).
import { createFastaar } from '@paymux/fastaar'
import { createFastaarEmulator } from '@paymux/fastaar/testing'

const emulator = createFastaarEmulator()
const fastaar = createFastaar({ apiKey: 'fk_test_docs', fetch: emulator.fetch })
const { id: paidId } = await fastaar.sessions.create({
  amount: { amount: 107_950, currency: 'BDT' },
  reference: 'PAID-1',
})
await emulator.submitTrxId(paidId, { trxId: 'DOCS12345' })
