// One client variant in its own fresh process:  node bench/client.mjs <fetch|ky|paymux> <port>
// Warm-up, a sequential phase, then a pool of 32 in flight. Prints one JSON line.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const [variant, portArg] = process.argv.slice(2)
const port = Number(portArg)
const WARMUP = intEnv('BENCH_WARMUP', 200)
const SEQUENTIAL = intEnv('BENCH_N', 600)
const CONCURRENT = intEnv('BENCH_M', 1500)
const IN_FLIGHT = 32

function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}
if (!['fetch', 'ky', 'paymux'].includes(variant) || !Number.isInteger(port)) {
  console.error('usage: node bench/client.mjs <fetch|ky|paymux> <port>')
  process.exit(2)
}

const API_KEY = 'fk_test_bench'
const BASE_URL = `http://127.0.0.1:${port}/api/v1`
// What the gateway sends for the neutral input below, so every variant sends the same bytes.
const body = {
  amount: 1079.5,
  invoice_id: 'ORDER-42',
  success_url: 'https://shop.example.com/thanks',
  cancel_url: 'https://shop.example.com/cart',
  metadata: { channel: 'web' },
}

async function makeCall() {
  const headers = { accept: 'application/json', authorization: `Bearer ${API_KEY}` }
  if (variant === 'fetch') {
    const init = { method: 'POST', headers: { ...headers, 'content-type': 'application/json' } }
    return async () => {
      const response = await fetch(`${BASE_URL}/payments`, { ...init, body: JSON.stringify(body) })
      if (!response.ok) throw new Error(`HTTP ${response.status}`)
      return (await response.json()).data.id
    }
  }
  if (variant === 'ky') {
    // ky is @paymux/core's dependency, not ours: resolve it from there.
    const require = createRequire(import.meta.url)
    const kyPath = createRequire(require.resolve('@paymux/core/package.json')).resolve('ky')
    const { default: ky } = await import(pathToFileURL(kyPath).href)
    return async () =>
      (await ky.post(`${BASE_URL}/payments`, { json: body, headers, retry: 0 }).json()).data.id
  }
  const { createFastaar } = await import('../dist/index.js')
  const fastaar = createFastaar({ apiKey: API_KEY, baseUrl: BASE_URL })
  const input = {
    amount: { amount: 107_950, currency: 'BDT' },
    reference: 'ORDER-42',
    successUrl: 'https://shop.example.com/thanks',
    cancelUrl: 'https://shop.example.com/cart',
    metadata: { channel: 'web' },
  }
  return async () => (await fastaar.sessions.create(input)).id
}

function check(id) {
  if (id !== '01jxyzbench') throw new Error(`${variant}: unexpected answer ${id}`)
}

async function measure(count, run) {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  await run()
  const wallMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { count, wallMs, cpuUsPerReq: (cpu.user + cpu.system) / count, reqPerSec: count / (wallMs / 1000) }
}

async function sequential(call, count) {
  for (let i = 0; i < count; i++) check(await call())
}

async function pool(call, count) {
  let started = 0
  const worker = async () => {
    while (started < count) {
      started++
      check(await call())
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker))
}

const call = await makeCall()
await sequential(call, WARMUP)
const seq = await measure(SEQUENTIAL, () => sequential(call, SEQUENTIAL))
const conc = await measure(CONCURRENT, () => pool(call, CONCURRENT))
const result = {
  variant,
  config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
  sequential: seq,
  concurrent: conc,
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
