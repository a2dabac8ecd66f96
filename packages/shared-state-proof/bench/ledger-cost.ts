// Part 2: what the checkout ledger adds to sessions.create on loopback. Two routers on the same
// store and the same FastStar gateway (pointed at the FastStar emulator on 127.0.0.1), one with
// the ledger (the default) and one with `checkout: false`, each call with a fresh `reference`.
import { createRouter, type StateStore } from '@paymux/core'
import { createFastStar } from '@paymux/faststar'
import { FASTSTAR_EMULATOR_KEYS, type ServedFastStarEmulator } from '@paymux/faststar/testing'
import { median } from './bench-stats.js'

/** Whether the ledger is on. */
export type LedgerMode = 'ledger' | 'no ledger'
export const LEDGER_MODES: readonly LedgerMode[] = ['no ledger', 'ledger']

/** Sequential `sessions.create` calls through one of the two routers of a store. */
export interface LedgerBench {
  /** One call with a new `reference`; resolves how long it took, in ms. */
  call(mode: LedgerMode): Promise<number>
  /** Creates one order twice through the ledger; rejects unless the second call returned the first session. */
  checkRepeat(): Promise<void>
}

/** A catalog price on the emulator, for every session the bench opens. */
export async function benchPrice(served: ServedFastStarEmulator): Promise<string> {
  const gateway = faststarOn(served)
  const product = await gateway.catalog.products.create({ name: 'Bench coffee' })
  const price = await gateway.catalog.prices.create({
    productId: product.id,
    unitAmount: { amount: 999, currency: 'USD' },
  })
  return price.id
}

/**
 * `pairs` calls in each mode, alternating call by call (which mode goes
 * first alternates too), so that a burst of load on the machine hits both
 * modes alike; resolves the median ms per call of each mode, which a
 * passing burst does not move the way it moves a mean.
 */
export async function pairedRound(bench: LedgerBench, pairs: number): Promise<Record<LedgerMode, number>> {
  const times: Record<LedgerMode, number[]> = { ledger: [], 'no ledger': [] }
  for (let pair = 0; pair < pairs; pair++) {
    for (const mode of pair % 2 === 0 ? LEDGER_MODES : [...LEDGER_MODES].reverse())
      times[mode].push(await bench.call(mode))
  }
  return { ledger: median(times.ledger), 'no ledger': median(times['no ledger']) }
}

function faststarOn(served: ServedFastStarEmulator) {
  return createFastStar({ apiKey: FASTSTAR_EMULATOR_KEYS.mor, baseUrl: served.baseUrl })
}

/**
 * The two routers over `store` (`undefined`: the router's default memory
 * store), on one gateway, with the router's other defaults (the breaker reads
 * the store once per call in both). `label` keeps references apart.
 */
export function createLedgerBench(
  label: string,
  store: StateStore | undefined,
  served: ServedFastStarEmulator,
  priceId: string,
): LedgerBench {
  const gateway = faststarOn(served)
  const shared = {
    gateways: [gateway],
    route: 'faststar' as const,
    ...(store === undefined ? {} : { store }),
  }
  const routers: Record<LedgerMode, ReturnType<typeof createRouter<typeof gateway>>> = {
    ledger: createRouter(shared),
    'no ledger': createRouter({ ...shared, checkout: false }),
  }
  const runId = Date.now().toString(36)
  let made = 0
  const input = (reference: string) => ({
    lineItems: [{ priceId }],
    successUrl: 'https://shop.example/thanks',
    cancelUrl: 'https://shop.example/cart',
    buyerCountry: 'US',
    reference,
  })

  return {
    async call(mode) {
      const order = input(`order_${runId}_${label}_${++made}`)
      const started = performance.now()
      const session = await routers[mode].sessions.create(order)
      const ms = performance.now() - started
      if (session.status !== 'open') throw new Error(`${label}: a new session is ${session.status}`)
      return ms
    },
    async checkRepeat() {
      const order = input(`order_${runId}_${label}_repeat`)
      const first = await routers.ledger.sessions.create(order)
      const again = await routers.ledger.sessions.create(order)
      if (again.ref !== first.ref)
        throw new Error(`${label}: the ledger opened a second session for one order`)
    },
  }
}
