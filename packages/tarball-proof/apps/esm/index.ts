// The ESM app of the tarball proof: a user's module ("type": "module") that imports every public
// entry point from the npm-installed tarballs. Type-checked under each moduleResolution (run.sh's
// matrix), then run (its nodenext build): one Fastaar checkout on the served emulator, paid by the
// buyer, its signed webhook verified by createWebhookHandler, and a tampered copy refused.
import { strict as assert } from 'node:assert'
import { PROVIDERS, paymuxCommand } from '@paymux/cli'
import {
  createRouter,
  createWebhookHandler,
  type PaymentSession,
  parseRef,
  type Ref,
  type RouterEvent,
} from '@paymux/core'
import { defineEndpoints, toRef } from '@paymux/core/adapter-kit'
import { createEmulatorClock, type EmulatorClock, serveEmulator } from '@paymux/core/emulator'
import { createSessionInputSchema } from '@paymux/core/schemas'
// Type only: the conformance suite loads vitest (an optional peer) when imported; this app does not install it.
import type { runStateStoreContract } from '@paymux/core/testing'
import { createFastaar } from '@paymux/fastaar'
import { fastaarPaymentSchema } from '@paymux/fastaar/schemas'
import { serveFastaarEmulator } from '@paymux/fastaar/testing'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS } from '@paymux/faststar/testing'
import { createPaystar } from '@paymux/paystar'
import { paystarCentsSchema } from '@paymux/paystar/schemas'
import { PAYSTAR_EMULATOR_API_KEY } from '@paymux/paystar/testing'
import { createPostgresStore } from '@paymux/store-postgres'
import { createRedisStore } from '@paymux/store-redis'
import pg from 'pg'
import { createClient } from 'redis'

// A value whose type degraded to `any` (a .d.ts that failed to resolve) does not compile here.
type IsAny<T> = 0 extends 1 & T ? true : false
const typed = <T>(value: T & (IsAny<T> extends true ? never : unknown)): T => value

// One real type from each entry point; `any` would fail `typed`, and the @ts-expect-error lines would be unused.
typed(defineEndpoints)
typed(toRef('fastaar', 'pay_1'))
typed(createEmulatorClock satisfies () => EmulatorClock)
typed(serveEmulator)
typed(createSessionInputSchema)
typed(fastaarPaymentSchema)
typed(paystarCentsSchema)
const contractTyped: IsAny<typeof runStateStoreContract> = false
typed(paymuxCommand)
typed(PROVIDERS)
typed(createFastStar)
typed(FASTSTAR_EMULATOR_KEYS.direct)
typed(createPaystar)
typed(PAYSTAR_EMULATOR_API_KEY)
// @ts-expect-error a bare id is not a Ref<'fastaar'>
const bareRef: Ref<'fastaar'> = 'pay_1'
// @ts-expect-error Money amounts are numbers of minor units, not strings
const stringMoney: PaymentSession['amount'] = { amount: '10', currency: 'BDT' }
void [bareRef, stringMoney, contractTyped]

// A store user's code: the real clients of the peers (node-redis, pg) are what the stores take. Nothing connects.
const redisStore = typed(createRedisStore({ client: createClient() }))
const pool = new pg.Pool()
const postgresStore = typed(createPostgresStore({ client: pool }))
assert.equal(typeof redisStore.claim, 'function')
assert.equal(typeof postgresStore.claim, 'function')
await pool.end()

const secret = 'whsec_tarball_proof'
// Each signed delivery as sent: its URL, headers and raw body.
const captured: { url: string; headers: Headers; body: string }[] = []
const paid: Ref<'fastaar'>[] = []
let endpoint: ((request: Request) => Promise<Response>) | undefined
// The emulator posts each signed delivery through this fetch: straight into the app's webhook endpoint.
const served = await serveFastaarEmulator({
  webhooks: {
    secret,
    url: 'https://shop.example/webhooks/fastaar',
    fetch: async (request) => {
      captured.push({
        url: request.url,
        headers: new Headers(request.headers),
        body: await request.clone().text(),
      })
      if (endpoint === undefined) throw new Error('webhook before the endpoint exists')
      return endpoint(request)
    },
  },
})
try {
  const fastaar = createFastaar({
    apiKey: 'fk_test_tarball_proof',
    baseUrl: served.baseUrl,
    webhookSecret: secret,
  })
  const router = createRouter({ gateways: [fastaar], route: 'fastaar' })
  endpoint = createWebhookHandler({
    webhooks: router.webhooks,
    onEvent: (event: RouterEvent<'fastaar'>) => {
      if (event.type === 'payment.succeeded') paid.push(event.data.ref)
    },
  })
  const session = await router.sessions.create({
    amount: { amount: 107_950, currency: 'BDT' },
    reference: 'tarball-proof-1',
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
  })
  const ref: Ref<'fastaar'> = session.ref
  // The buyer pays with a wallet TrxID; resolves once the signed webhook's first attempt ended.
  await served.emulator.submitTrxId(parseRef(ref).id, { trxId: '8AB2C3D4EF' })
  const delivery = captured.find((sent) => sent.body.includes('payment.completed'))
  assert.ok(delivery, `the emulator delivered no payment.completed (${captured.length} deliveries)`)
  assert.deepEqual(
    paid,
    [ref],
    'createWebhookHandler handed no payment.succeeded for the checkout to onEvent',
  )
  const post = (body: string) =>
    new Request(delivery.url, { method: 'POST', headers: delivery.headers, body })
  const again = await endpoint(post(delivery.body))
  assert.equal(again.status, 200, `a redelivery is answered 2xx, got ${again.status}`)
  const tampered = delivery.body.replace('"amount":"1079.50"', '"amount":"1.00"')
  assert.notEqual(tampered, delivery.body, `no amount to tamper with in ${delivery.body}`)
  const forged = await endpoint(post(tampered))
  assert.equal(forged.status, 400, `a tampered delivery is refused with 400, got ${forged.status}`)
  console.log(
    `esm app (Fastaar): checkout ${ref} paid, webhook verified (2xx), tampered copy refused (${forged.status})`,
  )
} finally {
  await served.close()
}
