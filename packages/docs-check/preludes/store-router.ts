// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// What a store's set-up block hands to createRouter besides the store: the
// gateways (from the environment, as on the provider pages) and the route.
import { createFastaar } from '@paymux/fastaar'
import { createFastStar } from '@paymux/faststar'

const gateways = [
  createFastStar({ apiKey: process.env.FASTSTAR_API_KEY ?? '' }),
  createFastaar({ apiKey: process.env.FASTAAR_API_KEY ?? '' }),
]
const route = ['faststar', 'fastaar'] as const
