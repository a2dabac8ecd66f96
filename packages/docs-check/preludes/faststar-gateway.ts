// biome-ignore-all lint/correctness/noUnusedVariables: the block compiled after this prelude uses them
// The FastStar gateway the page's fragments use, created as in its set-up
// block: key and secret from the environment (the docs check points them, and
// FastStar's origin, at the emulator).
import { createFastStar } from '@paymux/faststar'

const faststar = createFastStar({
  apiKey: process.env.FASTSTAR_API_KEY ?? '',
  webhookSecret: process.env.FASTSTAR_WEBHOOK_SECRET,
})
