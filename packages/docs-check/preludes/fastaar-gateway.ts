// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// The Fastaar gateway the page's fragments use, created as in its set-up
// block: key and secret from the environment (the docs check points them, and
// Fastaar's origin, at the emulator).
import { createFastaar } from '@paymux/fastaar'

const fastaar = createFastaar({
  apiKey: process.env.FASTAAR_API_KEY ?? '',
  webhookSecret: process.env.FASTAAR_WEBHOOK_SECRET,
})
