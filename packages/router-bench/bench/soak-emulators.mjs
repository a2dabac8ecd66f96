// The soak's server process: the three emulators on loopback ports, each with faults queued on its own
// fault injector, and signed webhook deliveries made by the emulators themselves. Started by soak.mjs;
// talks to it over IPC: 'ready' (ports, keys, secrets), 'deliveries' (a fresh signed batch), 'stats'.
// Its memory (the emulators keep every session, payment and request) is its own: the client that the
// soak measures runs in another process.
import { createFastaar } from '@paymux/fastaar'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS, serveFastStarEmulator } from '@paymux/faststar/testing'
import { createPaystar } from '@paymux/paystar'
import { servePaystarEmulator } from '@paymux/paystar/testing'

const MiB = 1024 * 1024
const SECRETS = {
  faststar: 'whsec_soak_faststar',
  fastaar: 'whsec_soak_fastaar',
  paystar: 'whsec_soak_paystar',
}
const FASTAAR_KEY = 'fk_test_soak'
/** The whole fault rate per request; each kind takes its share. */
const FAULT_RATE = Number(process.env.SOAK_FAULT_RATE ?? 0.04)
/** How late a 'timeout' fault answers: well past the client's per-attempt limit (soak-client.mjs). */
const LATE_MS = Number(process.env.SOAK_LATE_MS ?? 1500)
const FAULT_SHARES = [
  [
    '503',
    0.25,
    { type: 'status', status: 503, body: { success: false, message: 'Service unavailable (injected)' } },
  ],
  [
    '500',
    0.25,
    { type: 'status', status: 500, body: { success: false, message: 'Internal server error (injected)' } },
  ],
  ['timeout', 0.125, { type: 'delay', ms: LATE_MS }],
  ['drop-before', 0.1875, { type: 'drop', when: 'before' }],
  ['drop-after', 0.1875, { type: 'drop', when: 'after' }],
]

// A seeded PRNG (mulberry32), so a run's fault pattern can be repeated.
let seed = Number(process.env.SOAK_SEED ?? 42) >>> 0
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const injected = { faststar: {}, fastaar: {}, paystar: {} }
let faultsOn = false
/**
 * Queues every fault kind on `faults` (the emulator's own injector) for ever, each taking a request
 * with its probability: the injector asks the entries in order, the first that matches applies.
 */
function installFaults(gateway, faults) {
  for (const [kind, share, fault] of FAULT_SHARES) {
    injected[gateway][kind] = 0
    faults.inject(fault, {
      count: Number.MAX_SAFE_INTEGER,
      match: () => {
        if (!faultsOn || random() >= FAULT_RATE * share) return false
        injected[gateway][kind]++
        return true
      },
    })
  }
}

// ---------------------------------------------------------------- FastStar
const faststarDeliveries = []
const faststarServed = await serveFastStarEmulator({
  webhooks: {
    secret: SECRETS.faststar,
    url: 'http://webhooks.invalid/faststar',
    fetch: async (request) => {
      faststarDeliveries.push(JSON.parse(await request.text()))
      return new Response('ok')
    },
  },
})
{
  const faststar = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    baseUrl: faststarServed.baseUrl,
  })
  const session = await faststar.sessions.create({
    amount: { amount: 2500, currency: 'EUR' },
    description: 'Soak set-up',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
  })
  await faststarServed.emulator.completeSession(session.id)
  await faststarServed.emulator.webhooks.settle()
  if (faststarDeliveries.length === 0) throw new Error('the FastStar emulator sent no webhook')
}

// ---------------------------------------------------------------- Fastaar
const fastaarServed = await serveFastaarEmulator({
  rateLimit: false,
  webhooks: {
    secret: SECRETS.fastaar,
    url: 'http://merchant.test/webhooks',
    fetch: async () => new Response(null, { status: 204 }),
  },
})
let fastaarWebhooks
{
  const fastaar = createFastaar({ apiKey: FASTAAR_KEY, baseUrl: fastaarServed.baseUrl })
  const session = await fastaar.sessions.create({
    amount: { amount: 107_950, currency: 'BDT' },
    reference: 'soak-setup',
  })
  await fastaarServed.emulator.submitTrxId(session.id, {
    trxId: '8AB2C3D4EF',
    wallet: 'bkash',
    senderNumber: '01712345678',
  })
  const events = [...new Set(fastaarServed.emulator.webhooks.deliveries.map((delivery) => delivery.event))]
  if (events.length === 0) throw new Error('the Fastaar emulator queued no webhook')
  fastaarWebhooks = { paymentId: session.id, events }
}

// ---------------------------------------------------------------- Paystar
const paystarServed = await servePaystarEmulator({ webhooks: { secret: SECRETS.paystar } })
{
  const { emulator } = paystarServed
  const paystar = createPaystar({
    apiKey: emulator.apiKey,
    businessUnitSlug: emulator.businessUnitSlug,
    baseUrl: paystarServed.url,
  })
  const session = await paystar.sessions.create({
    amount: { amount: 1079, currency: 'USD' },
    description: 'Soak set-up',
  })
  await emulator.pay(session.id)
  if (emulator.webhooks.deliveries.length === 0) throw new Error('the Paystar emulator sent no webhook')
}
const paystarDeliveries = paystarServed.emulator.webhooks.deliveries.map((d) => ({
  rawBody: d.body,
  headers: d.headers,
  url: d.url,
}))

/** Signed deliveries as the emulators would send them now (FastStar and Fastaar sign with the time). */
function freshDeliveries() {
  const faststar = faststarDeliveries.map((event) =>
    faststarServed.emulator.webhooks.build(event.type, event.data),
  )
  const fastaar = fastaarWebhooks.events.map((event) =>
    fastaarServed.emulator.webhooks.build(event, fastaarWebhooks.paymentId),
  )
  return {
    faststar: faststar.map(({ body, headers }) => ({ rawBody: body, headers })),
    fastaar: fastaar.map(({ body, headers }) => ({ rawBody: body, headers })),
    paystar: paystarDeliveries,
  }
}

installFaults('faststar', faststarServed.emulator.faults)
installFaults('fastaar', fastaarServed.emulator.faults)
installFaults('paystar', paystarServed.emulator.faults)

process.on('message', (message) => {
  switch (message?.type) {
    case 'faults':
      faultsOn = message.on === true
      break
    case 'deliveries':
      process.send?.({ type: 'deliveries', deliveries: freshDeliveries() })
      break
    case 'stats': {
      const memory = process.memoryUsage()
      process.send?.({
        type: 'stats',
        requests: {
          faststar: faststarServed.emulator.requestCount(),
          fastaar: fastaarServed.emulator.requestCount(),
          paystar: paystarServed.emulator.requestCount(),
        },
        injected,
        rssMiB: memory.rss / MiB,
        heapUsedMiB: memory.heapUsed / MiB,
      })
      break
    }
  }
})
process.on('disconnect', () => process.exit(0))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0))

process.send?.({
  type: 'ready',
  faststar: {
    baseUrl: faststarServed.baseUrl,
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    webhookSecret: SECRETS.faststar,
  },
  fastaar: { baseUrl: fastaarServed.baseUrl, apiKey: FASTAAR_KEY, webhookSecret: SECRETS.fastaar },
  paystar: {
    baseUrl: paystarServed.url,
    apiKey: paystarServed.emulator.apiKey,
    businessUnitSlug: paystarServed.emulator.businessUnitSlug,
    webhookSecret: SECRETS.paystar,
  },
  faultRate: FAULT_RATE,
  lateMs: LATE_MS,
  faultShares: Object.fromEntries(FAULT_SHARES.map(([kind, share]) => [kind, share])),
  deliveries: freshDeliveries(),
})
