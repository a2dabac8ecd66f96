// One client variant, run in its own fresh process by run.mjs:
//   node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>
// Warm-up, then a sequential phase, then a concurrent phase (a pool of workers),
// then memory after a forced GC. Prints one JSON line on stdout.
const [variant, portArg] = process.argv.slice(2)
const port = Number(portArg)
const WARMUP = intEnv('BENCH_WARMUP', 500)
const SEQUENTIAL = intEnv('BENCH_N', 3000)
const CONCURRENT = intEnv('BENCH_M', 10_000)
const IN_FLIGHT = intEnv('BENCH_CONCURRENCY', 32)

if (!['fetch', 'ky', 'paymux'].includes(variant) || !Number.isInteger(port) || port <= 0) {
  console.error('usage: node --expose-gc bench/client.mjs <fetch|ky|paymux> <port>')
  process.exit(2)
}

// Started by run.mjs with an IPC channel: stop if run.mjs goes away (killed, Ctrl-C).
process.on('disconnect', () => process.exit(1))
process.channel?.unref()

const API_KEY = 'sk_bench_secret'
const BASE_URL = `http://127.0.0.1:${port}/api/v1`
const URL_ = `${BASE_URL}/checkout/sessions`
const body = {
  amount: 1079,
  currency: 'USD',
  line_items: [{ price_id: 'price_1', quantity: 1 }],
  success_url: 'https://shop.example.test/thanks',
  cancel_url: 'https://shop.example.test/cart',
  metadata: { order_id: 'ord_1' },
}

function intEnv(name, fallback) {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}

function check(result) {
  if (result?.data?.id !== 'cs_1') throw new Error(`${variant}: unexpected answer ${JSON.stringify(result)}`)
}

/** @returns {Promise<() => Promise<unknown>>} one request, resolving to the parsed body */
async function makeCall() {
  if (variant === 'fetch') {
    const headers = { 'content-type': 'application/json', accept: 'application/json', 'X-API-Key': API_KEY }
    return async () => {
      const res = await fetch(URL_, { method: 'POST', headers, body: JSON.stringify(body) })
      const json = await res.json()
      if (!res.ok) throw new Error(`fetch: HTTP ${res.status}`)
      return json
    }
  }
  if (variant === 'ky') {
    const { default: ky } = await import('ky')
    const headers = { accept: 'application/json', 'X-API-Key': API_KEY }
    return () => ky.post(URL_, { json: body, headers, retry: 0 }).json()
  }
  const { createTransport, jsonResponseHandler } = await import('../dist/index.js')
  const z = await import('zod')
  const transport = createTransport({
    provider: 'bench',
    baseUrl: BASE_URL,
    secretHeaders: { 'X-API-Key': API_KEY },
    timeoutMs: 10_000,
    maxRetries: 2,
  })
  const schema = z.object({
    success: z.literal(true),
    data: z.object({ id: z.string(), status: z.string(), amount_total: z.number() }),
  })
  const handleResponse = jsonResponseHandler(schema)
  return () =>
    transport.request({
      operation: 'sessions.create',
      method: 'POST',
      path: '/checkout/sessions',
      body,
      retry: 'safe',
      handleResponse,
    })
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
    cpuUs: cpu.user + cpu.system,
    cpuUsPerReq: (cpu.user + cpu.system) / count,
    reqPerSec: count / (wallMs / 1000),
  }
}

const MiB = 1024 * 1024
const call = await makeCall()
gc()
const atStart = process.memoryUsage()
await runSequential(call, WARMUP)
const sequential = await measure(SEQUENTIAL, () => runSequential(call, SEQUENTIAL))
const concurrent = await measure(CONCURRENT, () => runPool(call, CONCURRENT, IN_FLIGHT))
gc()
const after = process.memoryUsage()

const result = {
  variant,
  pid: process.pid,
  gcExposed: typeof globalThis.gc === 'function',
  config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
  sequential,
  concurrent,
  memory: {
    rssMiB: after.rss / MiB,
    heapUsedMiB: after.heapUsed / MiB,
    heapTotalMiB: after.heapTotal / MiB,
    externalMiB: after.external / MiB,
    rssAtStartMiB: atStart.rss / MiB,
    heapUsedAtStartMiB: atStart.heapUsed / MiB,
  },
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
