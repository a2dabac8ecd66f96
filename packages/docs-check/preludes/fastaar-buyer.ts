// The buyer of the package README's example: pays each new payment on the
// emulator as it appears (what a buyer does on Fastaar's page: send money from
// a wallet and type its TrxID), so the example's waitFor has something to see.
import { docsEmulators } from '@paymux/docs-check/harness'

const fastaarEmulator = docsEmulators().fastaar.emulator
const paid = new Set<string>()
setInterval(() => {
  for (const { id, status } of fastaarEmulator.payments()) {
    if (status !== 'pending' || typeof id !== 'string' || paid.has(id)) continue
    paid.add(id)
    void fastaarEmulator.submitTrxId(id, { trxId: `DOCS${String(paid.size).padStart(4, '0')}` })
  }
}, 50).unref()
