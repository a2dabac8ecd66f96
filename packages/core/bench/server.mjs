// A tiny keep-alive HTTP server answering the one call the bench makes.
// Started by run.mjs as a child process (with an IPC channel); it reports its
// port over IPC and exits as soon as the parent goes away.
import http from 'node:http'

const API_KEY = 'sk_bench_secret'
const PATH = '/api/v1/checkout/sessions'

const envelope = Buffer.from(
  JSON.stringify({
    success: true,
    message: 'ok',
    data: {
      id: 'cs_1',
      status: 'open',
      amount_total: 1079,
      currency: 'USD',
      url: 'https://checkout.example.test/cs_1',
      created_at: '2025-01-01T00:00:00Z',
      metadata: { order_id: 'ord_1' },
    },
  }),
)
const okHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(envelope.length),
  'x-request-id': 'req_bench',
}

let served = 0
let rejected = 0

const server = http.createServer((req, res) => {
  // Drain the request body before answering, as a real server would.
  req.on('data', () => {})
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== PATH) {
      rejected++
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"success":false,"message":"not found"}')
      return
    }
    if (req.headers['x-api-key'] !== API_KEY) {
      rejected++
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false,"message":"bad key"}')
      return
    }
    served++
    res.writeHead(200, okHeaders).end(envelope)
  })
})
server.keepAliveTimeout = 60_000
server.headersTimeout = 65_000

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address()
  if (process.send) process.send({ type: 'listening', port })
  else console.log(`listening on http://127.0.0.1:${port}${PATH}`)
})

process.on('message', (message) => {
  if (message?.type === 'stats') process.send?.({ type: 'stats', served, rejected })
})
// The parent exited (normally, by error or killed): do not outlive it.
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
