// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// The Paystar gateway the page's fragments use, created as in its set-up
// block: key and secret from the environment (the docs check points them, and
// Paystar's hosts, at the emulator).
import { createPaystar } from '@paymux/paystar'

const paystar = createPaystar({
  apiKey: process.env.PAYSTAR_API_KEY ?? '',
  businessUnitSlug: 'acme-utilities',
  webhookSecret: process.env.PAYSTAR_WEBHOOK_SECRET,
})
