import { createPaymentsApp } from './payments.js'

const app = createPaymentsApp(Bun.env)

const server = Bun.serve({
  port: Number(Bun.env.PORT ?? 3000),
  // Bun cuts a request pending for 10 s by default; a checkout waits for the gateway, which may
  // take up to 30 s per attempt (timeoutMs) and retries twice.
  idleTimeout: 120,
  fetch: app.fetch,
})
console.log(`listening on ${server.url}`)
