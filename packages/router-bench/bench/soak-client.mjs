// The soak's client, in its own process (node --expose-gc): a router over the three real gateways,
// SOAK_CALLS calls at SOAK_IN_FLIGHT in flight against soak-emulators.mjs, a mix of operations.
// Every call is tracked from start to settlement; each outcome is a success or a PaymentError, tallied
// by class. Memory is sampled after a forced GC at every tenth of the run. Started by soak.mjs, which
// sends 'start' (the emulators' addresses and signed deliveries) and relays 'deliveries' requests;
// the result goes back as one 'result' message.
import { byCurrency, compose, createRouter, PaymentError } from '@paymux/core'
import { createFastaar } from '@paymux/fastaar'
import { createFastStar } from '@paymux/faststar'
import { createPaystar } from '@paymux/paystar'
import { intEnv } from '../../core/bench/harness.mjs'

const MiB = 1024 * 1024
const CALLS = intEnv('SOAK_CALLS', 100_000)
const IN_FLIGHT = intEnv('SOAK_IN_FLIGHT', 64)
/** Per-attempt limit of every gateway: a 'timeout' fault answers well after it. */
const TIMEOUT_MS = intEnv('SOAK_TIMEOUT_MS', 500)
/** A call still pending after this long is reported as stuck (no call should get near it). */
const STUCK_MS = intEnv('SOAK_STUCK_MS', 30_000)
/** How often the signed deliveries are renewed (FastStar and Fastaar check the signature's age). */
const REFRESH_MS = 60_000
const RING = 512

process.on('disconnect', () => process.exit(1))
const start = await new Promise((resolve) => {
  process.on('message', function onStart(message) {
    if (message?.type !== 'start') return
    process.off('message', onStart)
    resolve(message)
  })
})

// Seeded PRNG (mulberry32): the same operation sequence every run.
let seed = Number(process.env.SOAK_SEED ?? 42) >>> 0
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (list) => list[Math.floor(random() * list.length)]

// ------------------------------------------------------------ the router
const common = { timeoutMs: TIMEOUT_MS, backoff: { initialDelayMs: 50, maxDelayMs: 500 } }
const gateways = [
  createFastStar({ ...start.faststar, merchantType: 'direct', ...common }),
  createFastaar({ ...start.fastaar, ...common }),
  createPaystar({ ...start.paystar, ...common }),
]
const events = { failovers: 0, circuitOpened: 0, circuitClosed: 0 }
const router = createRouter({
  gateways,
  route: compose(byCurrency({ BDT: 'fastaar', EUR: 'faststar', USD: ['paystar', 'faststar'] }), [
    'fastaar',
    'faststar',
  ]),
  breaker: { failureThreshold: 5, cooldownMs: 1000 },
  hooks: {
    onFailover: () => events.failovers++,
    onCircuitChange: ({ state }) => (state === 'open' ? events.circuitOpened++ : events.circuitClosed++),
  },
})

// ------------------------------------------------------------ webhook deliveries
let deliveries = start.deliveries
let refreshing
const refreshDeliveries = () => {
  refreshing ??= new Promise((resolve) => {
    const onMessage = (message) => {
      if (message?.type !== 'deliveries') return
      process.off('message', onMessage)
      deliveries = message.deliveries
      refreshing = undefined
      resolve()
    }
    process.on('message', onMessage)
    process.send({ type: 'deliveries' })
  })
  return refreshing
}
const refreshTimer = setInterval(refreshDeliveries, REFRESH_MS)
/** A delivery whose body or secret was changed on the way: verification must refuse it. */
function tampered(gateway, delivery) {
  if (gateway === 'paystar')
    return { ...delivery, headers: { ...delivery.headers, 'x-paystar-webhook-secret': 'not-the-secret' } }
  return { ...delivery, rawBody: delivery.rawBody.replace('"', '" ') }
}

// ------------------------------------------------------------ the operations
/** Recent refs per gateway, bounded: the client's own bookkeeping must not grow with the run. */
const recent = { faststar: [], fastaar: [] }
const remember = (session) => {
  const ring = recent[session.provider]
  if (ring === undefined) return
  if (ring.length >= RING) ring.splice(0, ring.length - RING + 1)
  ring.push(session.ref)
}
const urls = { successUrl: 'https://shop.example/thanks', cancelUrl: 'https://shop.example/cart' }
const CREATE = {
  BDT: (i) => ({ amount: { amount: 107_950, currency: 'BDT' }, reference: `soak-${i}`, ...urls }),
  EUR: (i) => ({
    amount: { amount: 2500, currency: 'EUR' },
    description: 'Soak order',
    reference: `soak-${i}`,
    ...urls,
  }),
  USD: (i) => ({
    lineItems: [{ amount: { amount: 979, currency: 'USD' }, description: 'Water bill' }],
    reference: `soak-${i}`,
    ...urls,
  }),
}
const create = async (i, currency) => {
  const session = await router.sessions.create(CREATE[currency](i))
  remember(session)
  return session
}
/** [name, weight, call(i)]: a call returns the operation's promise. */
const OPERATIONS = [
  ['sessions.create BDT → fastaar', 12, (i) => create(i, 'BDT')],
  ['sessions.create EUR → faststar', 16, (i) => create(i, 'EUR')],
  ['sessions.create USD → paystar', 16, (i) => create(i, 'USD')],
  ['sessions.retrieve faststar', 8, (i) => byRef('faststar', i, (ref) => router.sessions.retrieve(ref))],
  ['sessions.retrieve fastaar', 7, (i) => byRef('fastaar', i, (ref) => router.sessions.retrieve(ref))],
  ['payments.retrieve fastaar', 10, (i) => byRef('fastaar', i, (ref) => router.payments.retrieve(ref))],
  ['payments.list fastaar', 8, () => router.payments.list({ limit: 10 })],
  [
    'tax.calculate faststar',
    12,
    () =>
      router.tax.calculate(
        random() < 0.5
          ? { amount: { amount: 1000, currency: 'EUR' }, country: 'DE' }
          : { amount: { amount: 1000, currency: 'USD' }, country: 'US', region: 'CA' },
      ),
  ],
  ['webhooks.verify', 19, () => verify(false)],
  ['webhooks.verify tampered', 1, () => verify(true)],
]
const byRef = (gateway, i, call) => {
  const ring = recent[gateway]
  // Until the first session of this gateway exists, make one (counted under this operation).
  if (ring.length === 0) return create(i, gateway === 'fastaar' ? 'BDT' : 'EUR')
  return call(ring[Math.floor(random() * ring.length)])
}
const verify = (tamper) => {
  const gateway = pick(['faststar', 'fastaar', 'paystar'])
  const delivery = pick(deliveries[gateway])
  return router.webhooks.verify(tamper ? tampered(gateway, delivery) : delivery)
}
const totalWeight = OPERATIONS.reduce((sum, [, weight]) => sum + weight, 0)
const chooseOperation = () => {
  let r = random() * totalWeight
  for (const operation of OPERATIONS) {
    r -= operation[1]
    if (r < 0) return operation
  }
  return OPERATIONS[OPERATIONS.length - 1]
}

// ------------------------------------------------------------ the run
const tally = new Map() // outcome class → count
const byOperation = new Map() // operation → Map(outcome class → count)
const untyped = [] // the first few outcomes that were neither a success nor a PaymentError
const examples = new Map() // outcome class → the first such error's operation and message
const pending = new Map() // call number → { operation, startedAt }
let started = 0
let settled = 0
const count = (map, key) => map.set(key, (map.get(key) ?? 0) + 1)
const classify = (error) => {
  if (!PaymentError.isInstance(error)) return 'untyped'
  const code = error.code === undefined ? '' : ` (${error.code})`
  return `${error.name}${code}`
}

const gc = () => {
  globalThis.gc?.()
  globalThis.gc?.()
}
const samples = []
const record = (label, m) => {
  const entry = {
    label,
    settled,
    atMs: performance.now() - t0,
    rssMiB: m.rss / MiB,
    heapUsedMiB: m.heapUsed / MiB,
    externalMiB: m.external / MiB,
    arrayBuffersMiB: m.arrayBuffers / MiB,
  }
  samples.push(entry)
  return entry
}
const sample = (label) => {
  gc()
  record(label, process.memoryUsage())
}
const marks = new Set(Array.from({ length: 10 }, (_, k) => Math.round((CALLS * (k + 1)) / 10)))
let lastProgress = 0
const stuck = []
const watchdog = setInterval(() => {
  const now = performance.now()
  for (const [n, call] of pending) {
    if (now - call.startedAt > STUCK_MS && !call.reported) {
      call.reported = true
      stuck.push({ call: n, operation: call.operation, pendingMs: now - call.startedAt })
    }
  }
  if (settled - lastProgress > 0) process.send({ type: 'progress', settled, started })
  lastProgress = settled
}, 1000)

async function one() {
  const n = started++
  const [operation, , call] = chooseOperation()
  const entry = { operation, startedAt: performance.now() }
  pending.set(n, entry)
  let outcome
  try {
    await call(n)
    outcome = 'success'
  } catch (error) {
    outcome = classify(error)
    if (!examples.has(outcome))
      examples.set(outcome, { operation, message: String(error?.message).slice(0, 300) })
    if (outcome === 'untyped' && untyped.length < 20)
      untyped.push({ operation, error: String(error?.stack ?? error).slice(0, 500) })
  }
  pending.delete(n)
  settled++
  count(tally, outcome)
  if (!byOperation.has(operation)) byOperation.set(operation, new Map())
  count(byOperation.get(operation), outcome)
  if (marks.has(settled)) sample(`${Math.round((settled / CALLS) * 100)} %`)
}

/**
 * The half-way and end figures: new calls wait until every call in flight has settled, then RSS
 * is read after a forced GC, as the median of five readings 100 ms apart. Read mid-flight, RSS
 * swings by tens of MiB with the 64 calls' buffers and the allocator's arenas, which says nothing
 * about whether memory grows.
 */
async function quiescedSample(label) {
  const readings = []
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    gc()
    readings.push(process.memoryUsage())
  }
  return record(label, readings.sort((a, b) => a.rss - b.rss)[2])
}

gc()
const t0 = performance.now()
const cpu0 = process.cpuUsage()
const atStart = process.memoryUsage()
const runUntil = (limit) =>
  Promise.all(
    Array.from({ length: Math.min(IN_FLIGHT, limit) }, async () => {
      while (started < limit) await one()
    }),
  )
await runUntil(Math.round(CALLS / 2))
const half = await quiescedSample('half (quiesced)')
await runUntil(CALLS)
const end = await quiescedSample('end (quiesced)')
const wallMs = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
clearInterval(watchdog)
clearInterval(refreshTimer)
process.send(
  {
    type: 'result',
    config: {
      calls: CALLS,
      inFlight: IN_FLIGHT,
      timeoutMs: TIMEOUT_MS,
      gcExposed: typeof globalThis.gc === 'function',
    },
    started,
    settled,
    pendingAtEnd: [...pending.entries()].map(([n, call]) => ({ call: n, operation: call.operation })),
    stuck,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    tally: Object.fromEntries([...tally].sort((a, b) => b[1] - a[1])),
    byOperation: Object.fromEntries([...byOperation].map(([op, m]) => [op, Object.fromEntries(m)])),
    untyped,
    examples: Object.fromEntries(examples),
    events,
    memory: {
      atStartRssMiB: atStart.rss / MiB,
      atStartHeapUsedMiB: atStart.heapUsed / MiB,
      half,
      end,
      samples,
    },
  },
  () => process.exit(0),
)
