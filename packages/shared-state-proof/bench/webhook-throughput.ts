// Part 1: webhook deliveries per second through createWebhookHandler, in-process (Request in,
// Response out, no HTTP server), with a fixed number of deliveries in flight. Every delivery is
// a distinct FastStar event, signed by the FastStar emulator as it signs its own deliveries, and
// verified by a real FastStar gateway holding the same webhook secret.
import { createRouter, createWebhookHandler, type StateStore } from '@paymux/core'
import { createFastStar } from '@paymux/faststar'
import { createFastStarEmulator, FASTSTAR_EMULATOR_KEYS } from '@paymux/faststar/testing'

/** A signed delivery, ready to become a `Request`. */
/** A signed delivery as `emulator.webhooks.build` makes it: the exact body and its headers. */
type Delivery = { readonly body: string; readonly headers: Readonly<Record<string, string>> }

/** One timed batch: how fast, and how much of this process's CPU it took. */
export interface WebhookRound {
  readonly deliveries: number
  readonly perSecond: number
  /** User + system CPU of this process (client, handler, store client) per delivery, in µs. */
  readonly cpuUsPerDelivery: number
}

/** A handler over one store, and what feeds it. */
export interface WebhookBench {
  /** Signs `count` new, distinct events (never seen by any store before). Not timed. */
  sign(count: number): Delivery[]
  /** Delivers `deliveries`, `inFlight` at a time; rejects unless every answer was a first-time 200. */
  run(deliveries: readonly Delivery[], inFlight: number): Promise<WebhookRound>
  /** Delivers an already handled `delivery` again; rejects unless it is answered as a duplicate. */
  checkDuplicate(delivery: Delivery | undefined): Promise<void>
}

const URL_OF_ENDPOINT = 'http://127.0.0.1/webhooks/faststar'

/**
 * A router over a FastStar gateway on `store` (`undefined`: the router's
 * default memory store), `createWebhookHandler` on its webhooks with a
 * no-op `onEvent`, and events signed by the emulator. `label` keeps event
 * ids apart between benches sharing a server.
 */
export function createWebhookBench(label: string, store: StateStore | undefined): WebhookBench {
  // Only the emulator's signing is used: it signs with its clock (real time), as its deliveries are.
  const emulator = createFastStarEmulator()
  const faststar = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.mor,
    webhookSecret: emulator.webhookSecret,
  })
  const router = createRouter({
    gateways: [faststar],
    route: 'faststar',
    ...(store === undefined ? {} : { store }),
  })
  let handled = 0
  const handler = createWebhookHandler({
    webhooks: router.webhooks,
    provider: 'faststar',
    onEvent: () => {
      handled++
    },
  })
  let signed = 0
  const runId = Date.now().toString(36)

  return {
    sign(count) {
      return Array.from({ length: count }, () => {
        const n = ++signed
        // The data of the emulator's own payment.succeeded (emulator-checkout-page.ts), per payment.
        return emulator.webhooks.build(
          'payment.succeeded',
          {
            payment_id: `pi_bench_${label}_${n}`,
            amount: 1079,
            currency: 'USD',
            status: 'succeeded',
            client_reference_id: `order_${n}`,
            checkout_session_id: `cs_bench_${label}_${n}`,
            card_last4: '4242',
          },
          { id: `evt_${runId}_${label}_${n}` },
        )
      })
    },
    async run(deliveries, inFlight) {
      const before = handled
      let next = 0
      const worker = async () => {
        for (let index = next++; index < deliveries.length; index = next++) {
          const response = await handler(requestOf(deliveries[index] as Delivery))
          const answer = await response.text()
          // A 409, a duplicate or a 500 would measure something else than a first delivery.
          if (response.status !== 200 || answer !== '{"received":true}')
            throw new Error(`${label}: delivery ${index} answered ${response.status} ${answer}`)
        }
      }
      const cpu = process.cpuUsage()
      const started = performance.now()
      await Promise.all(Array.from({ length: Math.min(inFlight, deliveries.length) }, worker))
      const seconds = (performance.now() - started) / 1000
      const used = process.cpuUsage(cpu)
      if (handled - before !== deliveries.length)
        throw new Error(`${label}: onEvent ran ${handled - before} times for ${deliveries.length} deliveries`)
      return {
        deliveries: deliveries.length,
        perSecond: deliveries.length / seconds,
        cpuUsPerDelivery: (used.user + used.system) / deliveries.length,
      }
    },
    async checkDuplicate(delivery) {
      if (delivery === undefined) throw new Error(`${label}: no delivery to repeat`)
      const before = handled
      const response = await handler(requestOf(delivery))
      const answer = await response.text()
      if (response.status !== 200 || answer !== '{"received":true,"duplicate":true}' || handled !== before)
        throw new Error(`${label}: a redelivery answered ${response.status} ${answer}`)
    },
  }
}

function requestOf(delivery: Delivery): Request {
  return new Request(URL_OF_ENDPOINT, { method: 'POST', headers: delivery.headers, body: delivery.body })
}
