// One client variant in its own fresh process (see harness.mjs, runClient):
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
import { importKy, runClient } from '../../core/bench/harness.mjs'

const API_KEY = 'fk_test_bench'
const baseUrl = (port) => `http://127.0.0.1:${port}/api/v1`
const headers = { accept: 'application/json', authorization: `Bearer ${API_KEY}` }
// What the gateway sends for the neutral input below, so every variant sends the same bytes.
const body = {
  amount: 1079.5,
  invoice_id: 'ORDER-42',
  success_url: 'https://shop.example.com/thanks',
  cancel_url: 'https://shop.example.com/cart',
  metadata: { channel: 'web' },
}
const input = {
  amount: { amount: 107_950, currency: 'BDT' },
  reference: 'ORDER-42',
  successUrl: 'https://shop.example.com/thanks',
  cancelUrl: 'https://shop.example.com/cart',
  metadata: { channel: 'web' },
}

await runClient({
  expect: '01jxyzbench',
  variants: {
    async fetch(port) {
      const url = `${baseUrl(port)}/payments`
      const init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } }
      return async () => {
        const response = await fetch(url, { ...init, body: JSON.stringify(body) })
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return (await response.json()).data.id
      }
    },
    async ky(port) {
      const ky = await importKy()
      const url = `${baseUrl(port)}/payments`
      return async () => (await ky.post(url, { json: body, headers, retry: 0 }).json()).data.id
    },
    async paymux(port) {
      const { createFastaar } = await import('../dist/index.js')
      const fastaar = createFastaar({ apiKey: API_KEY, baseUrl: baseUrl(port) })
      return async () => (await fastaar.sessions.create(input)).id
    },
  },
})
