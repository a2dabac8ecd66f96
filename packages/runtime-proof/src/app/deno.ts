import { createPaymentsApp } from './payments.js'

const app = createPaymentsApp({
  FASTAAR_API_KEY: Deno.env.get('FASTAAR_API_KEY'),
  FASTAAR_WEBHOOK_SECRET: Deno.env.get('FASTAAR_WEBHOOK_SECRET'),
  FASTAAR_BASE_URL: Deno.env.get('FASTAAR_BASE_URL'),
})

Deno.serve({ port: Number(Deno.env.get('PORT') ?? 8000) }, app.fetch)
