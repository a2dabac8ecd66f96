// One client variant, run in its own fresh process by run.mjs:
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
// Warm-up, a sequential phase, a concurrent phase (a pool of workers), then
// memory after a forced GC. Prints one JSON line on stdout.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const [variant, portArg] = process.argv.slice(2)
const port = Number(portArg)
const WARMUP = intEnv('BENCH_WARMUP', 300)
const SEQUENTIAL = intEnv('BENCH_N', 800)
const CONCURRENT = intEnv('BENCH_M', 2500)
const IN_FLIGHT = intEnv('BENCH_CONCURRENCY', 32)

if (!['fetch', 'ky', 'paymux'].includes(variant) || !Number.isInteger(port) || port <= 0) {
  console.error('usage: node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>')
  process.exit(2)
}

const API_KEY = 'ps_bench_secret_key'
const BASE_URL = `http://127.0.0.1:${port}`
const URL_ = `${BASE_URL}/integrations/embedded/initiate`

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

function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

/** ky is not a dependency of this package: it is resolved where @paymux/core depends on it. */
async function importKy() {
  const require = createRequire(import.meta.url)
  const corePackage = require.resolve('@paymux/core/package.json')
  const kyEntry = createRequire(corePackage).resolve('ky')
  return (await import(pathToFileURL(kyEntry).href)).default
}

/** One request, resolving to the session id; every variant checks hasErrors as Paystar asks. */
async function makeCall() {
  const rawCheck = (json) => {
    if (json?.hasErrors !== false) throw new Error(`${variant}: hasErrors ${JSON.stringify(json)}`)
    return json.data.PaymentSessionIdentifier
  }
  if (variant === 'fetch') {
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      'X-Paystar-Api-Key': API_KEY,
    }
    return async () => {
      const res = await fetch(URL_, { method: 'POST', headers, body: JSON.stringify(body) })
      const json = await res.json()
      if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
      return rawCheck(json)
    }
  }
  if (variant === 'ky') {
    const ky = await importKy()
    const headers = { accept: 'application/json', 'X-Paystar-Api-Key': API_KEY }
    return async () => rawCheck(await ky.post(URL_, { json: body, headers, retry: 0 }).json())
  }
  const { createPaystar } = await import('../dist/index.js')
  const paystar = createPaystar({
    apiKey: API_KEY,
    businessUnitSlug: 'acme-utilities',
    baseUrl: BASE_URL,
    timeoutMs: 10_000,
  })
  return async () => (await paystar.sessions.create(input)).id
}

function check(id) {
  if (id !== 'abc123-def456-ghi789') throw new Error(`${variant}: unexpected session id ${id}`)
}

function gc() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc()
    globalThis.gc()
  }
}

async function runSequential(call, count) {
  for (let i = 0; i < count; i++) check(await call())
}

async function runPool(call, count, inFlight) {
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      check(await call())
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker))
}

async function measure(count, run) {
  gc()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return {
    count,
    wallMs,
    cpuUsPerReq: (cpu.user + cpu.system) / count,
    reqPerSec: count / (wallMs / 1000),
  }
}

const call = await makeCall()
await runSequential(call, WARMUP)
const sequential = await measure(SEQUENTIAL, () => runSequential(call, SEQUENTIAL))
const concurrent = await measure(CONCURRENT, () => runPool(call, CONCURRENT, IN_FLIGHT))
gc()
const memory = process.memoryUsage()

const result = {
  variant,
  config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
  sequential,
  concurrent,
  memory: { rssMiB: memory.rss / 1024 / 1024, heapUsedMiB: memory.heapUsed / 1024 / 1024 },
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
