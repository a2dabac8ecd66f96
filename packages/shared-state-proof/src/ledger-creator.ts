// The ledger proof's role of an app instance: on the driver's "go", it
// creates a checkout for every order, with the same references as the other
// instances, through a router on the shared store.
import { createRouter } from '@paymux/core'
import type { CreatorConfig, CreatorMessage, CreatorResult, LedgerDriverMessage } from './ledger-proof.js'
import { checkoutInput, proofGateways, worthRetrying } from './proof-gateways.js'
import { fromDriver, tellDriver } from './proof-processes.js'
import { openStore } from './proof-stores.js'
import { pooled, sleep } from './proof-timing.js'

/** Creates every order's checkout once the driver says `go`, retrying as an app would, and reports what each call returned. */
export async function runLedgerCreator(config: CreatorConfig): Promise<void> {
  const { store, close } = await openStore(config.engine, config.url, config.prefix)
  const router = createRouter({
    gateways: proofGateways(config.urls),
    route: ['faststar', 'fastaar'],
    store,
    // Short rests, so the flapping gateway comes back into rotation within the run.
    breaker: { failureThreshold: 10, cooldownMs: 250, windowMs: 1_000 },
  })
  await tellDriver<CreatorMessage>({ type: 'ready' })
  await fromDriver<LedgerDriverMessage>('go')
  const results: CreatorResult[] = []
  const giveUpAt = Date.now() + config.giveUpMs
  await pooled(config.orders, config.inFlight, async ({ reference, amount }) => {
    // As an app does: a create that failed for a reason worth retrying is tried again, same reference.
    for (let attempts = 1; ; attempts++) {
      try {
        const session = await router.sessions.create(checkoutInput(amount, reference))
        results.push({ reference, ref: session.ref, attempts })
        return
      } catch (error) {
        if (!worthRetrying(error) || Date.now() > giveUpAt) {
          results.push({ reference, error: describe(error), attempts })
          return
        }
        await sleep(Math.min(500, 10 * 2 ** attempts) * (0.5 + Math.random() / 2))
      }
    }
  })
  await close()
  await tellDriver<CreatorMessage>({ type: 'created', results })
}

function describe(error: unknown): string {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown }
  return `${String(name)} ${String(code)}: ${String(message)}`
}
