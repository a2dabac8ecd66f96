import {
  byCountry,
  byCurrency,
  compose,
  createRouter,
  createWebhookHandler,
  isPaymentError,
  type Money,
  type RouteRule,
  type RouterEvent,
} from '@paymux/core'
import { createEmulatorClock, type EmulatorClock } from '@paymux/core/emulator'
import { createFastaar } from '@paymux/fastaar'
import { type FastaarEmulator, serveFastaarEmulator } from '@paymux/fastaar/testing'
import { createFastStar } from '@paymux/faststar'
import {
  FASTSTAR_EMULATOR_KEYS,
  type FastStarEmulator,
  serveFastStarEmulator,
} from '@paymux/faststar/testing'
import { createPaystar } from '@paymux/paystar'
import { type PaystarEmulator, servePaystarEmulator } from '@paymux/paystar/testing'
import { startWebhookEndpoint } from './webhook-endpoint.js'

/** The gateways of the demo shop. */
export type GatewayId = 'faststar' | 'fastaar' | 'paystar'

/** The webhook secrets the shop and the emulators share (an emulator signs with what the shop verifies with). */
export const DEMO_WEBHOOK_SECRETS = {
  faststar: 'whsec_demo_faststar',
  fastaar: 'whsec_demo_fastaar',
  paystar: 'whsec_demo_paystar',
} as const

/** The router's breaker in the demo: two failures in a row rest a gateway for 30 s. */
export const DEMO_BREAKER = { failureThreshold: 2, cooldownMs: 30_000 } as const

/** One order of the shop, as its ledger holds it: updated by verified webhooks. */
export interface OrderRow {
  readonly order: string
  gateway: GatewayId
  /** `open` until a webhook says otherwise; then the payment's neutral status. */
  status: string
  amount: Money
}

/** What the webhook endpoint saw from one gateway. */
export interface WebhookTally {
  /** Verified events handed to the shop (each once). */
  handled: number
  /** Verified redeliveries of events already handled: answered 200 `duplicate`, not handled again. */
  duplicates: number
}

/** One verified event the shop handled (each once): what the web storefront's order page shows. */
export interface HandledWebhook {
  readonly provider: GatewayId
  /** The provider's own type: `payment.succeeded`, `payment.completed`, `Payment.Succeeded`. */
  readonly nativeType: string
  readonly id: string
  /** The order a payment event moved, by its reference. */
  readonly order: string | undefined
}

/** What the router reported through its hooks. */
export interface RouterLog {
  readonly failovers: string[]
  readonly circuit: string[]
}

/** The shop: three emulators on loopback, their gateways behind one router, and a webhook endpoint. */
export type Shop = Awaited<ReturnType<typeof openShop>>

// Utility bills name the biller's accounts, which only Paystar takes. Typed over the ids it may
// answer, so the router refuses it at compile time if it ever names a gateway the shop lacks.
const utilityBills: RouteRule<'paystar'> = (input) =>
  input !== undefined && 'providerOptions' in input && input.providerOptions?.paystar?.accounts !== undefined
    ? 'paystar'
    : undefined

/**
 * Opens the shop: one clock for everything (so the demo can skip a minute
 * without waiting one), the emulators delivering webhooks to one endpoint,
 * each gateway's real `create<Gw>` pointed at its emulator, and one router.
 */
export async function openShop(say: (line: string) => void) {
  const clock: EmulatorClock = createEmulatorClock()
  const endpoint = await startWebhookEndpoint()
  // Between Fastaar and the shop: loses the shop's answer to one delivery, as a proxy timing out would.
  let loseAnswerTo: string | undefined
  const served = {
    faststar: await serveFastStarEmulator({
      clock,
      webhooks: { url: endpoint.url, secret: DEMO_WEBHOOK_SECRETS.faststar },
    }),
    fastaar: await serveFastaarEmulator({
      clock,
      webhooks: {
        secret: DEMO_WEBHOOK_SECRETS.fastaar,
        url: endpoint.url,
        fetch: async (request) => {
          const event = request.headers.get('x-fastaar-event')
          const response = await fetch(request)
          if (event !== null && event === loseAnswerTo) {
            loseAnswerTo = undefined
            await response.body?.cancel()
            throw new Error('the answer was lost on the way back')
          }
          return response
        },
      },
    }),
    paystar: await servePaystarEmulator({
      clock,
      webhooks: { secret: DEMO_WEBHOOK_SECRETS.paystar, url: endpoint.url },
    }),
  }
  const emulators: { faststar: FastStarEmulator; fastaar: FastaarEmulator; paystar: PaystarEmulator } = {
    faststar: served.faststar.emulator,
    fastaar: served.fastaar.emulator,
    paystar: served.paystar.emulator,
  }

  // Retries stay on; the demo only shortens their pauses so an outage costs milliseconds.
  const backoff = { initialDelayMs: 10, maxDelayMs: 20 }
  const faststar = createFastStar({
    apiKey: FASTSTAR_EMULATOR_KEYS.direct,
    merchantType: 'direct',
    baseUrl: served.faststar.baseUrl,
    webhookSecret: DEMO_WEBHOOK_SECRETS.faststar,
    backoff,
  })
  const fastaar = createFastaar({
    apiKey: 'fk_test_demo_shop',
    baseUrl: served.fastaar.baseUrl,
    webhookSecret: DEMO_WEBHOOK_SECRETS.fastaar,
    // No `now`: the gateway reads the served emulator's clock through its baseUrl.
    backoff,
  })
  const paystar = createPaystar({
    apiKey: emulators.paystar.apiKey,
    businessUnitSlug: emulators.paystar.businessUnitSlug,
    baseUrl: served.paystar.baseUrl,
    webhookSecret: DEMO_WEBHOOK_SECRETS.paystar,
    backoff,
  })

  const log: RouterLog = { failovers: [], circuit: [] }
  const router = createRouter({
    gateways: [faststar, fastaar, paystar],
    route: compose(byCurrency({ BDT: 'fastaar' }), byCountry({ BD: 'fastaar' }), utilityBills, [
      'faststar',
      'paystar',
    ]),
    breaker: DEMO_BREAKER,
    now: clock.now,
    hooks: {
      onAttempt({ operation, gateway, attempt, error }) {
        if (error !== undefined)
          say(`   ✗ ${operation} at ${gateway} (attempt ${attempt}): ${describe(error)}`)
      },
      onFailover({ operation, from, to }) {
        log.failovers.push(`${operation}: ${from} → ${to}`)
        say(`   ↪ onFailover: ${operation} moves on from ${from} to ${to}`)
      },
      onCircuitChange({ gateway, state, until }) {
        log.circuit.push(`${gateway} ${state}`)
        const rest =
          until === undefined
            ? ''
            : `, skipped for the next ${Math.round((until.getTime() - clock.now()) / 1000)} s`
        say(`   ⚡ onCircuitChange: the breaker of ${gateway} is ${state}${rest}`)
      },
    },
  })

  const orders = new Map<string, OrderRow>()
  const tally: Record<GatewayId, WebhookTally> = {
    faststar: { handled: 0, duplicates: 0 },
    fastaar: { handled: 0, duplicates: 0 },
    paystar: { handled: 0, duplicates: 0 },
  }
  const handled: HandledWebhook[] = []
  let rejected = 0
  endpoint.mount(
    createWebhookHandler({
      webhooks: router.webhooks,
      onDuplicate(event) {
        tallyOf(tally, event.provider).duplicates++
        say(
          `   ⟲ webhook ${event.provider} ${event.nativeType} (${event.id}) again: seen → duplicate, ignored`,
        )
      },
      onEvent(event) {
        tallyOf(tally, event.provider).handled++
        say(`   ✉ webhook ${event.provider} ${event.nativeType} → ${event.type}, verified${orderNote(event)}`)
        recordPayment(orders, event)
        const order = paymentOf(event)?.reference
        handled.push({ provider: event.provider, nativeType: event.nativeType, id: event.id, order })
      },
      onError(error) {
        rejected++
        say(
          `   ✗ webhook refused: ${isPaymentError(error) ? `${error.name} ${error.code}` : describe(error)}`,
        )
      },
    }),
  )

  return {
    clock,
    router,
    emulators,
    orders,
    webhooks: tally,
    /** Every verified event handed to the shop, oldest first (redeliveries are not handled again). */
    handledWebhooks: handled as readonly HandledWebhook[],
    routerLog: log,
    /** Each emulator's base URL. */
    urls: { faststar: served.faststar.url, fastaar: served.fastaar.url, paystar: served.paystar.url },
    webhookUrl: endpoint.url,
    /** Deliveries the endpoint refused (bad signature, unknown sender). */
    rejectedWebhooks: () => rejected,
    /** The next Fastaar delivery of `event` reaches the shop, but the shop's answer never reaches Fastaar. */
    loseAnswerTo(event: string) {
      loseAnswerTo = event
    },
    /** Waits for every webhook the emulators have to send now. */
    async settle() {
      await emulators.faststar.webhooks.settle()
      await emulators.fastaar.webhooks.settle()
      await emulators.paystar.webhooks.settle()
    },
    /** Closes the emulators (after their pending deliveries), then the endpoint. */
    async close() {
      await Promise.allSettled([served.faststar.close(), served.fastaar.close(), served.paystar.close()])
      await endpoint.close()
    },
  }
}

function tallyOf(tally: Record<GatewayId, WebhookTally>, provider: GatewayId): WebhookTally {
  return tally[provider]
}

/** A verified event from one of the shop's gateways: its provider, refs and ids are the shop's three. */
type ShopEvent = RouterEvent<GatewayId>

/** A payment event moves its order on: the webhook, not the redirect, is what the shop trusts. */
function recordPayment(orders: Map<string, OrderRow>, event: ShopEvent): void {
  const payment = paymentOf(event)
  const order = payment?.reference === undefined ? undefined : orders.get(payment.reference)
  if (payment === undefined || order === undefined) return
  order.gateway = payment.provider
  order.status = payment.status
  order.amount = payment.amount
}

/** The payment of a payment event: switching on `type` narrows `data`, its ids refs of the shop's gateways. */
function paymentOf(event: ShopEvent) {
  switch (event.type) {
    case 'payment.succeeded':
    case 'payment.failed':
    case 'payment.processing':
    case 'payment.expired':
    case 'payment.canceled':
    case 'payment.refunded':
      return event.data
    default:
      return undefined
  }
}

function orderNote(event: ShopEvent): string {
  const reference = paymentOf(event)?.reference
  return reference === undefined ? '' : ` (order ${reference})`
}

/** An error in one line, without secrets: paymux errors never carry one. */
export function describe(error: unknown): string {
  if (isPaymentError(error)) {
    const status = error.httpStatus === undefined ? '' : ` HTTP ${error.httpStatus}`
    return `${error.name} ${error.code}${status}: ${error.message}`
  }
  return error instanceof Error ? error.message : String(error)
}
