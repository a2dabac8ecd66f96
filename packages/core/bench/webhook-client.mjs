// One variant of the webhook bench in its own fresh process: `node webhook-client.mjs <variant>`.
// Prints one JSON line: CPU and wall µs per delivery and deliveries/s (medians of the rounds), and the
// best round's CPU (least disturbed by other processes on a shared machine).
// Every variant checks what it computed before it is timed, so no variant measures a no-op.
import { createHmac } from 'node:crypto'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
// BENCH_FASTSTAR_DIR: another @paymux/faststar package directory (with its built dist/), to compare builds.
const faststarDir = process.env.BENCH_FASTSTAR_DIR ?? join(here, '..', '..', 'faststar')
const variant = process.argv[2]
const intEnv = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback)
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`)
  return value
}
const WARMUP = intEnv('BENCH_WEBHOOK_WARMUP', 3000)
const N = intEnv('BENCH_WEBHOOK_N', 5000)
const ROUNDS = intEnv('BENCH_WEBHOOK_ROUNDS', 5)
const IN_FLIGHT = intEnv('BENCH_WEBHOOK_IN_FLIGHT', 16)

export const SECRET = 'whsec_bench_5f1d9c0b7a2e4e3c8d6b'

/** A FastStar `payment.succeeded` delivery as documented, ~330 bytes, the same bytes for every variant. */
export function eventBody(id = 'evt_01JBENCH0000000000000000') {
  return JSON.stringify({
    id,
    object: 'event',
    type: 'payment.succeeded',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    api_version: '2024-06-01',
    data: {
      payment_id: 'pay_01JBENCH00000000000000000',
      amount: 1079,
      currency: 'USD',
      status: 'succeeded',
      client_reference_id: 'order-1001',
      customer_id: 'cus_01JBENCH0000000000000000',
      payment_method_id: 'pm_01JBENCH000000000000000000',
    },
  })
}

const sign = (body, t = Math.floor(Date.now() / 1000)) =>
  `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`

// The ESM builds, as an application importing them gets them: the gateway's dist/index.js and the
// @paymux/core that the gateway itself resolves (its dist/index.js), so the router and the gateway share it.
const importFaststar = () => import(pathToFileURL(join(faststarDir, 'dist', 'index.js')).href)
async function importCore() {
  const manifest = createRequire(join(faststarDir, 'package.json')).resolve('@paymux/core/package.json')
  return import(pathToFileURL(join(dirname(manifest), 'dist', 'index.js')).href)
}

function check(condition, what) {
  if (!condition) throw new Error(`${variant}: ${what}`)
}

/** Each variant: `setup()` returns one delivery's work, checked once before it is timed. */
const variants = {
  async 'hmac+parse'() {
    const body = eventBody()
    const header = sign(body)
    const op = () => {
      const [t, v1] = header.split(',')
      const mac = createHmac('sha256', SECRET)
        .update(`${t.slice(2)}.${body}`)
        .digest('hex')
      if (mac !== v1.slice(3)) throw new Error('mismatch')
      return JSON.parse(body)
    }
    check(op().id.startsWith('evt_'), 'the baseline parsed nothing')
    return { op, sync: true }
  },
  async 'stripe constructEvent'() {
    const { default: Stripe } = await import('stripe')
    const stripe = new Stripe('sk_test_bench')
    const body = eventBody()
    const header = sign(body)
    const op = () => stripe.webhooks.constructEvent(body, header, SECRET)
    check(op().type === 'payment.succeeded', 'constructEvent returned another event')
    expectThrow(() => stripe.webhooks.constructEvent(body, sign(`${body} `), SECRET))
    return { op, sync: true }
  },
  async 'stripe constructEventAsync (Web Crypto)'() {
    const { default: Stripe } = await import('stripe')
    const stripe = new Stripe('sk_test_bench')
    const provider = Stripe.createSubtleCryptoProvider()
    const body = eventBody()
    const header = sign(body)
    const op = () => stripe.webhooks.constructEventAsync(body, header, SECRET, undefined, provider)
    check((await op()).type === 'payment.succeeded', 'constructEventAsync returned another event')
    return { op, sync: false }
  },
  async 'faststar verify'() {
    const { createFastStar } = await importFaststar()
    const faststar = createFastStar({ apiKey: 'fs_test_bench', webhookSecret: SECRET })
    const rawBody = eventBody()
    const headers = { 'x-webhook-signature': sign(rawBody), 'x-webhook-id': 'wh_1' }
    const op = () => faststar.webhooks.verify({ rawBody, headers })
    const event = await op()
    check(
      event.type === 'payment.succeeded' && event.data.amount.amount === 1079,
      'verify mapped another event',
    )
    await expectReject(
      faststar.webhooks.verify({ rawBody, headers: { 'x-webhook-signature': sign(`${rawBody} `) } }),
    )
    return { op, sync: false }
  },
  async handler() {
    const core = await importCore()
    const { createFastStar } = await importFaststar()
    const faststar = createFastStar({ apiKey: 'fs_test_bench', webhookSecret: SECRET })
    const router = core.createRouter({ gateways: [faststar], route: 'faststar' })
    let handled = 0
    const handler = core.createWebhookHandler({
      webhooks: router.webhooks,
      provider: 'faststar',
      onEvent: () => {
        handled++
      },
    })
    // Distinct event ids, signed before timing: a repeated id would be answered as a duplicate.
    let next = 0
    const deliveries = Array.from({ length: WARMUP + N * ROUNDS + 1 }, (_, i) => {
      const body = eventBody(`evt_bench_${i}`)
      return { body, signature: sign(body) }
    })
    const op = async () => {
      const { body, signature } = deliveries[next++]
      const response = await handler(
        new Request('http://127.0.0.1/webhooks/faststar', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-webhook-signature': signature },
          body,
        }),
      )
      if (response.status !== 200) throw new Error(`answered ${response.status}: ${await response.text()}`)
      await response.arrayBuffer()
    }
    await op()
    check(handled === 1, 'onEvent was not called')
    return { op, sync: false, inFlight: IN_FLIGHT }
  },
}

function expectThrow(fn) {
  try {
    fn()
  } catch {
    return
  }
  throw new Error(`${variant}: a bad signature was accepted`)
}

async function expectReject(promise) {
  try {
    await promise
  } catch {
    return
  }
  throw new Error(`${variant}: a bad signature was accepted`)
}

async function runOps({ op, sync, inFlight = 1 }, count) {
  if (sync) {
    for (let i = 0; i < count; i++) op()
    return
  }
  if (inFlight === 1) {
    for (let i = 0; i < count; i++) await op()
    return
  }
  let started = 0
  const worker = async () => {
    while (started < count) {
      started++
      await op()
    }
  }
  await Promise.all(Array.from({ length: inFlight }, worker))
}

async function measure(work) {
  await runOps(work, WARMUP)
  const rounds = []
  for (let round = 0; round < ROUNDS; round++) {
    globalThis.gc?.()
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    await runOps(work, N)
    const wallMs = performance.now() - t0
    const cpu = process.cpuUsage(cpu0)
    rounds.push({
      cpuUs: (cpu.user + cpu.system) / N,
      wallUs: (wallMs * 1000) / N,
      perSecond: N / (wallMs / 1000),
    })
  }
  const median = (key) => rounds.map((r) => r[key]).sort((a, b) => a - b)[rounds.length >> 1]
  const bestCpuUs = Math.min(...rounds.map((r) => r.cpuUs))
  return { cpuUs: median('cpuUs'), bestCpuUs, wallUs: median('wallUs'), perSecond: median('perSecond') }
}

if (!(variant in variants)) throw new Error(`unknown variant ${variant}; one of ${Object.keys(variants)}`)
const work = await variants[variant]()
process.stdout.write(`${JSON.stringify({ variant, ...(await measure(work)) })}\n`)
