// One client variant in a fresh process: node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
// Warm-up, a sequential phase, then a pool of 32 in flight; prints one JSON line.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const [variant, portArg] = process.argv.slice(2)
const port = Number(portArg)
const WARMUP = 150
const SEQUENTIAL = 600
const CONCURRENT = 1800
const IN_FLIGHT = 32
if (!['fetch', 'ky', 'paymux'].includes(variant) || !Number.isInteger(port)) {
  console.error('usage: node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>')
  process.exit(2)
}

const API_KEY = 'fs_bench_secret_key'
const BASE_URL = `http://127.0.0.1:${port}/api/v1`
const URL_ = `${BASE_URL}/public/checkout/sessions`
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
const neutral = {
  lineItems: [{ priceId: 'price_xxx' }],
  customer: { email: 'buyer@example.com' },
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
  buyerCountry: 'US',
  reference: 'order_10042',
}

async function makeCall() {
  if (variant === 'fetch') {
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'X-API-Key': API_KEY }
    return async () => {
      const res = await fetch(URL_, { method: 'POST', headers, body: JSON.stringify(body) })
      const json = await res.json()
      if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
      return json.data.session.id
    }
  }
  if (variant === 'ky') {
    // ky is a dependency of @paymux/core, not of this package: resolve it from there.
    const coreDir = dirname(fileURLToPath(import.meta.resolve('@paymux/core')))
    const kyPath = createRequire(join(coreDir, '..', 'package.json')).resolve('ky')
    const { default: ky } = await import(pathToFileURL(kyPath).href)
    const headers = { accept: 'application/json', 'X-API-Key': API_KEY }
    return async () => (await ky.post(URL_, { json: body, headers, retry: 0 }).json()).data.session.id
  }
  const { createFastStar } = await import('../dist/index.js')
  const faststar = createFastStar({ apiKey: API_KEY, baseUrl: BASE_URL, timeoutMs: 10_000 })
  return async () => (await faststar.sessions.create(neutral)).id
}

function check(id) {
  if (id !== 'cs_xxx') throw new Error(`${variant}: unexpected answer ${id}`)
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
  await Promise.all(Array.from({ length: inFlight }, worker))
}

async function measure(count, run) {
  globalThis.gc?.()
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { count, cpuUsPerReq: (cpu.user + cpu.system) / count, reqPerSec: count / (wallMs / 1000) }
}

const call = await makeCall()
await runSequential(call, WARMUP)
const sequential = await measure(SEQUENTIAL, () => runSequential(call, SEQUENTIAL))
const concurrent = await measure(CONCURRENT, () => runPool(call, CONCURRENT, IN_FLIGHT))
const result = {
  variant,
  config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
  sequential,
  concurrent,
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
