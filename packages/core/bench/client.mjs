// One client variant in its own fresh process (see harness.mjs, runClient):
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
// The same JSON body and API key in every variant; each call resolves to the session id.
import { runClient } from './harness.mjs'

const API_KEY = 'sk_bench_secret'
const body = {
  amount: 1079,
  currency: 'USD',
  line_items: [{ price_id: 'price_1', quantity: 1 }],
  success_url: 'https://shop.example.test/thanks',
  cancel_url: 'https://shop.example.test/cart',
  metadata: { order_id: 'ord_1' },
}
const baseUrl = (port) => `http://127.0.0.1:${port}/api/v1`

await runClient({
  expect: 'cs_1',
  variants: {
    async fetch(port) {
      const url = `${baseUrl(port)}/checkout/sessions`
      const headers = { 'content-type': 'application/json', accept: 'application/json', 'X-API-Key': API_KEY }
      return async () => {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
        const json = await res.json()
        if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
        return json.data.id
      }
    },
    async ky(port) {
      const { default: ky } = await import('ky')
      const url = `${baseUrl(port)}/checkout/sessions`
      const headers = { accept: 'application/json', 'X-API-Key': API_KEY }
      return async () => (await ky.post(url, { json: body, headers, retry: 0 }).json()).data.id
    },
    async paymux(port) {
      const { createTransport, jsonResponseHandler } = await import('../dist/adapter-kit/index.js')
      const z = await import('zod')
      const transport = createTransport({
        provider: 'bench',
        baseUrl: baseUrl(port),
        secretHeaders: { 'X-API-Key': API_KEY },
        timeoutMs: 10_000,
        maxRetries: 2,
      })
      const schema = z.object({
        success: z.literal(true),
        data: z.object({ id: z.string(), status: z.string(), amount_total: z.number() }),
      })
      const handleResponse = jsonResponseHandler(schema)
      return async () => {
        const result = await transport.request({
          operation: 'sessions.create',
          method: 'POST',
          path: '/checkout/sessions',
          body,
          retry: 'safe',
          handleResponse,
        })
        return result.data.id
      }
    },
  },
})
