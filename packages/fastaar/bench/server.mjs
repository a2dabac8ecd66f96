// A keep-alive HTTP server answering `POST /api/v1/payments` as Fastaar documents it
// (the existing payment for a repeated invoice_id, HTTP 200). Started by run.mjs with an
// IPC channel; it reports its port and exits as soon as the parent goes away.
import http from 'node:http'

const API_KEY = 'fk_test_bench'
const PATH = '/api/v1/payments'

const payment = Buffer.from(
  JSON.stringify({
    data: {
      id: '01jxyzbench',
      object: 'payment',
      amount: '1079.50',
      currency: 'BDT',
      livemode: false,
      status: 'pending',
      invoice_id: 'ORDER-42',
      metadata: { channel: 'web' },
      success_url: 'https://shop.example.com/thanks',
      cancel_url: 'https://shop.example.com/cart',
      checkout_url: 'https://fastaar.com/pay/01jxyzbench',
      expires_at: '2026-06-12T15:00:00+06:00',
      created_at: '2026-06-12T14:30:00+06:00',
    },
  }),
)
const okHeaders = { 'content-type': 'application/json', 'content-length': String(payment.length) }

let served = 0
let rejected = 0

const server = http.createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== PATH || req.headers.authorization !== `Bearer ${API_KEY}`) {
      rejected++
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"error":{"type":"authentication_error"}}')
      return
    }
    served++
    res.writeHead(200, okHeaders).end(payment)
  })
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 65_000
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  process.send?.({ type: 'listening', port })
})
process.on('message', (message) => {
  if (message?.type === 'stats') process.send?.({ type: 'stats', served, rejected })
})
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
