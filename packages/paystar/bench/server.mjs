// A tiny keep-alive HTTP server answering the one call the bench makes, with
// Paystar's documented initiate answer. Started by run.mjs as a child process
// (with an IPC channel); it reports its port over IPC and exits with its parent.
import http from 'node:http'

const API_KEY = 'ps_bench_secret_key'
const PATH = '/integrations/embedded/initiate'

const answer = Buffer.from(
  JSON.stringify({
    hasErrors: false,
    errors: [],
    data: {
      PaymentSessionIdentifier: 'abc123-def456-ghi789',
      PaymentLogInLink: 'https://dev.paystar.io/app/embedded/acme-utilities/session/abc123-def456-ghi789',
      Status: 'RequiresPaymentSource',
    },
  }),
)
const okHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'content-length': String(answer.length),
}

let served = 0
let rejected = 0

const server = http.createServer((req, res) => {
  req.on('data', () => {})
  req.on('end', () => {
    if (req.method !== 'POST' || req.url !== PATH || req.headers['x-paystar-api-key'] !== API_KEY) {
      rejected++
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end('{"hasErrors":true,"errors":["rejected by the bench server"],"data":null}')
      return
    }
    served++
    res.writeHead(200, okHeaders).end(answer)
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
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))
