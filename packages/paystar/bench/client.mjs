// One client variant in its own fresh process (see harness.mjs, runClient):
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
import { importKy, runClient } from '../../core/bench/harness.mjs'

const API_KEY = 'ps_bench_secret_key'
const initiateUrl = (port) => `http://127.0.0.1:${port}/integrations/embedded/initiate`

// The neutral input the gateway takes, and the native body it sends: the raw
// variants send that same body, so only the client code differs.
const input = {
  amount: { amount: 1079, currency: 'USD' },
  description: 'March water bill',
  reference: 'order-1001',
  customer: { email: 'john@example.com', firstName: 'John', lastName: 'Doe' },
  successUrl: 'https://shop.example/paid',
  cancelUrl: 'https://shop.example/cart',
}
const body = {
  BusinessUnitSlug: 'acme-utilities',
  Channel: 'QuickPay',
  ClientUser: { EmailAddress: 'john@example.com', FirstName: 'John', LastName: 'Doe' },
  Charges: [{ Amount: 1079, Description: 'March water bill' }],
  SuccessUrl: 'https://shop.example/paid',
  ReturnUrl: 'https://shop.example/cart',
  ClientReference: 'order-1001',
}
// Every variant checks hasErrors, as Paystar asks.
const sessionId = (json) => {
  if (json?.hasErrors !== false) throw new Error(`hasErrors ${JSON.stringify(json)}`)
  return json.data.PaymentSessionIdentifier
}

await runClient({
  expect: 'abc123-def456-ghi789',
  variants: {
    async fetch(port) {
      const url = initiateUrl(port)
      const headers = {
        'content-type': 'application/json',
        accept: 'application/json',
        'X-Paystar-Api-Key': API_KEY,
      }
      return async () => {
        const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
        const json = await res.json()
        if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
        return sessionId(json)
      }
    },
    async ky(port) {
      const ky = await importKy()
      const url = initiateUrl(port)
      const headers = { accept: 'application/json', 'X-Paystar-Api-Key': API_KEY }
      return async () => sessionId(await ky.post(url, { json: body, headers, retry: 0 }).json())
    },
    async paymux(port) {
      const { createPaystar } = await import('../dist/index.js')
      const paystar = createPaystar({
        apiKey: API_KEY,
        businessUnitSlug: 'acme-utilities',
        baseUrl: `http://127.0.0.1:${port}`,
        timeoutMs: 10_000,
      })
      return async () => (await paystar.sessions.create(input)).id
    },
  },
})
