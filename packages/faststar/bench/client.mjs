// One client variant in its own fresh process (see harness.mjs, runClient):
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
import { importKy, runClient } from '../../core/bench/harness.mjs'
import { CHECKOUT_SESSION_INPUT } from './checkout-session.mjs'

const API_KEY = 'fs_bench_secret_key'
const baseUrl = (port) => `http://127.0.0.1:${port}/api/v1`
// The Checkout Sessions guide's request; the paymux variant sends exactly this body.
const body = {
  mode: 'payment',
  presentation: 'iframe',
  line_items: [{ price_id: 'price_xxx', quantity: 1 }],
  customer_email: 'buyer@example.com',
  success_url: 'https://yoursite.com/success',
  cancel_url: 'https://yoursite.com/cancel',
  buyer_country: 'US',
  client_reference_id: 'order_10042',
}
const neutral = CHECKOUT_SESSION_INPUT

await runClient({
  expect: 'cs_xxx',
  variants: {
    async fetch(port) {
      const url = `${baseUrl(port)}/public/checkout/sessions`
      const headers = { 'content-type': 'application/json', accept: 'application/json', 'X-API-Key': API_KEY }
      return async () => {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
        const json = await res.json()
        if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
        return json.data.session.id
      }
    },
    async ky(port) {
      const ky = await importKy()
      const url = `${baseUrl(port)}/public/checkout/sessions`
      const headers = { accept: 'application/json', 'X-API-Key': API_KEY }
      return async () => (await ky.post(url, { json: body, headers, retry: 0 }).json()).data.session.id
    },
    async paymux(port) {
      const { createFastStar } = await import('../dist/index.js')
      const faststar = createFastStar({ apiKey: API_KEY, baseUrl: baseUrl(port), timeoutMs: 10_000 })
      return async () => (await faststar.sessions.create(neutral)).id
    },
  },
})
