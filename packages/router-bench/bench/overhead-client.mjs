// One variant of the router overhead bench, in its own fresh process:
//   node --expose-gc bench/overhead-client.mjs <direct|router> <port>
// Both variants call FastStar's `sessions.create` with the same gateway settings and input, against
// packages/faststar/bench/server.mjs; `router` goes through createRouter({ gateways: [faststar], route: 'faststar' }).
// The loop is the one of runClient in ../../core/bench/harness.mjs (whose variant names are fixed to fetch/ky/paymux).
import { intEnv } from '../../core/bench/harness.mjs'

const MiB = 1024 * 1024
const VARIANTS = ['direct', 'router']
const API_KEY = 'fs_bench_secret_key' // what packages/faststar/bench/server.mjs accepts
const EXPECT = 'cs_xxx'
const input = {
  lineItems: [{ priceId: 'price_xxx' }],
  customer: { email: 'buyer@example.com' },
  successUrl: 'https://yoursite.com/success',
  cancelUrl: 'https://yoursite.com/cancel',
  buyerCountry: 'US',
  reference: 'order_10042',
}

const [variant, portArg] = process.argv.slice(2)
const port = Number(portArg)
if (!VARIANTS.includes(variant) || !Number.isInteger(port) || port <= 0) {
  console.error('usage: node --expose-gc bench/overhead-client.mjs <direct|router> <port>')
  process.exit(2)
}
const WARMUP = intEnv('BENCH_WARMUP', 300)
const SEQUENTIAL = intEnv('BENCH_N', 1500)
const CONCURRENT = intEnv('BENCH_M', 5000)
const IN_FLIGHT = intEnv('BENCH_CONCURRENCY', 32)
// Started with an IPC channel only to notice that the runner has gone away.
process.on('disconnect', () => process.exit(1))
process.channel?.unref()

const { createFastStar } = await import('@paymux/faststar')
const faststar = createFastStar({
  apiKey: API_KEY,
  baseUrl: `http://127.0.0.1:${port}/api/v1`,
  timeoutMs: 10_000,
})
let sessions = faststar.sessions
if (variant === 'router') {
  const { createRouter } = await import('@paymux/core')
  sessions = createRouter({ gateways: [faststar], route: 'faststar' }).sessions
}
const call = async () => {
  const session = await sessions.create(input)
  if (session.id !== EXPECT) throw new Error(`${variant}: unexpected answer ${JSON.stringify(session.id)}`)
}

const gc = () => {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc()
    globalThis.gc()
  }
}
const runSequential = async (count) => {
  for (let i = 0; i < count; i++) await call()
}
const runPool = async (count, inFlight) => {
  let next = 0
  const worker = async () => {
    while (next < count) {
      next++
      await call()
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker))
}
const measure = async (count, run) => {
  gc() // outside the measured time
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

await runSequential(WARMUP)
const sequential = await measure(SEQUENTIAL, () => runSequential(SEQUENTIAL))
const concurrent = await measure(CONCURRENT, () => runPool(CONCURRENT, IN_FLIGHT))
gc()
const after = process.memoryUsage()
const result = {
  variant,
  pid: process.pid,
  gcExposed: typeof globalThis.gc === 'function',
  config: { warmup: WARMUP, sequential: SEQUENTIAL, concurrent: CONCURRENT, inFlight: IN_FLIGHT },
  sequential,
  concurrent,
  memory: { rssMiB: after.rss / MiB, heapUsedMiB: after.heapUsed / MiB },
}
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0))
