// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// A Fastaar that answers a repeated invoice with 409 duplicate_invoice_number
// (the newer SDKs' behaviour), and a gateway set to send `invoice_number`:
// an in-process emulator, so the fragment meets the 409 it handles.
import { createFastaar } from '@paymux/fastaar'
import { createFastaarEmulator } from '@paymux/fastaar/testing'

const emulator = createFastaarEmulator({ onDuplicateInvoice: 'conflict', referenceField: 'invoice_number' })
const fastaar = createFastaar({
  apiKey: 'fk_test_docs',
  fetch: emulator.fetch,
  referenceField: 'invoice_number',
})
