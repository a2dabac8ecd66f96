// A keep-alive HTTP server answering FastStar's `POST /public/checkout/sessions`
// with the Checkout Sessions guide's documented response. Started by run.mjs as
// a child process with an IPC channel; reports its port, exits with its parent.
import http from 'node:http'

const API_KEY = 'fs_bench_secret_key'
const PATH = '/api/v1/public/checkout/sessions'
const answer = Buffer.from(
  JSON.stringify({
    success: true,
    message: 'Checkout session created successfully',
    data: {
      session: {
        id: 'cs_xxx',
        status: 'open',
        amount_subtotal: 999,
        amount_tax: 80,
        amount_total: 1079,
        currency: 'USD',
        session_token: 'xxx',
        expires_at: '2026-06-13T12:00:00Z',
      },
      url: 'https://cashier.faststarpay.com/checkout/cs_xxx?token=xxx',
      session_token: 'xxx',
    },
  }),
)
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(answer.length) }

let served = 0
let rejected = 0
const server = http.createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== PATH || req.headers['x-api-key'] !== API_KEY) {
      rejected++
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false,"message":"rejected"}')
      return
    }
    served++
    res.writeHead(200, headers).end(answer)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'listening', port: server.address().port }))
process.on('message', (message) => {
  if (message?.type === 'stats') process.send?.({ type: 'stats', served, rejected })
})
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
