// The CommonJS app of the tarball proof: a user's module ("type": "commonjs", so tsc emits require())
// that imports every public entry point but @paymux/cli (ESM only) from the npm-installed tarballs.
// Type-checked under each moduleResolution (run.sh's matrix), then run (its nodenext build): one
// FastStar checkout on the served emulator, paid by the buyer, its signed webhook verified by
// createWebhookHandler, and a tampered copy refused.
import { strict as assert } from 'node:assert'
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
import { FASTAAR_EMULATOR_WEBHOOK_SECRET } from '@paymux/fastaar/testing'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS, serveFastStarEmulator } from '@paymux/faststar/testing'
import { createPaystar } from '@paymux/paystar'
import { paystarCentsSchema } from '@paymux/paystar/schemas'
import { PAYSTAR_EMULATOR_API_KEY } from '@paymux/paystar/testing'
import { createPostgresStore } from '@paymux/store-postgres'
import { createRedisStore } from '@paymux/store-redis'
import { Pool } from 'pg'
import { createClient } from 'redis'

// A value whose type degraded to `any` (a .d.ts that failed to resolve) does not compile here.
type IsAny<T> = 0 extends 1 & T ? true : false
const typed = <T>(value: T & (IsAny<T> extends true ? never : unknown)): T => value

// One real type from each entry point; `any` would fail `typed`, and the @ts-expect-error lines would be unused.
typed(defineEndpoints)
typed(toRef('faststar', 'cs_1'))
typed(createEmulatorClock satisfies () => EmulatorClock)
typed(serveEmulator)
typed(createSessionInputSchema)
typed(fastaarPaymentSchema)
typed(paystarCentsSchema)
const contractTyped: IsAny<typeof runStateStoreContract> = false
typed(createFastaar)
typed(FASTAAR_EMULATOR_WEBHOOK_SECRET)
typed(createPaystar)
typed(PAYSTAR_EMULATOR_API_KEY)
// @ts-expect-error a bare id is not a Ref<'faststar'>
const bareRef: Ref<'faststar'> = 'cs_1'
// @ts-expect-error Money amounts are numbers of minor units, not strings
const stringMoney: PaymentSession['amount'] = { amount: '10', currency: 'USD' }
void [bareRef, stringMoney, contractTyped]

async function main(): Promise<void> {
  // A store user's code: the real clients of the peers (node-redis, pg) are what the stores take. Nothing connects.
  const redisStore = typed(createRedisStore({ client: createClient() }))
  const pool = new Pool()
  const postgresStore = typed(createPostgresStore({ client: pool }))
  assert.equal(typeof redisStore.claim, 'function')
  assert.equal(typeof postgresStore.claim, 'function')
  await pool.end()

  const secret = 'whsec_tarball_proof'
  // Each signed delivery as sent: its URL, headers and raw body.
  const captured: { url: string; headers: Headers; body: string }[] = []
  const paid: Ref<'faststar'>[] = []
  let endpoint: ((request: Request) => Promise<Response>) | undefined
  // The emulator posts each signed delivery through this fetch: straight into the app's webhook endpoint.
  const served = await serveFastStarEmulator({
    webhooks: {
      secret,
      url: 'https://shop.example/webhooks/faststar',
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
    const faststar = createFastStar({
      apiKey: FASTSTAR_EMULATOR_KEYS.direct,
      merchantType: 'direct',
      baseUrl: served.baseUrl,
      webhookSecret: secret,
    })
    const router = createRouter({ gateways: [faststar], route: 'faststar' })
    endpoint = createWebhookHandler({
      webhooks: router.webhooks,
      onEvent: (event: RouterEvent<'faststar'>) => {
        if (event.type === 'payment.succeeded') paid.push(event.data.ref)
      },
    })
    const session = await router.sessions.create({
      amount: { amount: 999, currency: 'USD' },
      description: 'Coffee',
      reference: 'tarball-proof-1',
      successUrl: 'https://shop.example/thanks',
      cancelUrl: 'https://shop.example/cart',
    })
    // The buyer pays on the hosted page; resolves once the signed webhooks' first attempts ended.
    await served.emulator.completeSession(parseRef(session.ref).id)
    const delivery = captured.find((sent) => sent.body.includes('payment.succeeded'))
    assert.ok(delivery, `the emulator delivered no payment.succeeded (${captured.length} deliveries)`)
    assert.equal(paid.length, 1, 'createWebhookHandler handed no payment.succeeded to onEvent')
    const post = (body: string) =>
      new Request(delivery.url, { method: 'POST', headers: delivery.headers, body })
    const again = await endpoint(post(delivery.body))
    assert.equal(again.status, 200, `a redelivery is answered 2xx, got ${again.status}`)
    const tampered = delivery.body.replace(/"amount":\s*999\b/, '"amount":1')
    assert.notEqual(tampered, delivery.body, `no amount to tamper with in ${delivery.body}`)
    const forged = await endpoint(post(tampered))
    assert.equal(forged.status, 400, `a tampered delivery is refused with 400, got ${forged.status}`)
    console.log(
      `cjs app (FastStar): checkout ${session.ref} paid (${paid[0]}), webhook verified (2xx), tampered copy refused (${forged.status})`,
    )
  } finally {
    await served.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
