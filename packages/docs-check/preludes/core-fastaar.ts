// docs/core.md, "Fields a gateway cannot carry" (a run block): a Fastaar
// gateway on the harness's emulator and an amount.
import { money } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'

const fastaar = createFastaar({ apiKey: process.env.FASTAAR_API_KEY ?? '' })
const amount = money(50_050, 'BDT')
