// packages/core/README.md, "Combining gateways" (a run block): the three
// gateways with the keys the harness sets, on its emulators.
import { createFastaar } from '@paymux/fastaar'
import { createFastStar } from '@paymux/faststar'
import { createPaystar } from '@paymux/paystar'

const faststar = createFastStar({ apiKey: process.env.FASTSTAR_API_KEY ?? '', merchantType: 'direct' })
const fastaar = createFastaar({ apiKey: process.env.FASTAAR_API_KEY ?? '' })
const paystar = createPaystar({
  apiKey: process.env.PAYSTAR_API_KEY ?? '',
  businessUnitSlug: 'acme-utilities',
})
