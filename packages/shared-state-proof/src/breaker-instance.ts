// The breaker proof's role of an app instance. As `'trip'` it
// creates checkouts while FastStar fails, until its breaker opens; as
// `'skip'` (another process, later) it creates checkouts and reports where
// they went, never having seen FastStar fail itself.
import { createRouter, type RouterOptions } from '@paymux/core'
import type { BreakerConfig, BreakerDriverMessage, BreakerMessage } from './breaker-proof.js'
import { checkoutInput, proofGateways } from './proof-gateways.js'
import { fromDriver, tellDriver } from './proof-processes.js'
import { openStore } from './proof-stores.js'

/** Runs its role once the driver says `go`, and reports what happened (`done`). */
export async function runBreakerInstance(config: BreakerConfig): Promise<void> {
  const { store, close } = await openStore(config.engine, config.url, config.prefix)
  let opened = false
  const gateways = proofGateways(config.urls)
  const settings = {
    gateways,
    store,
    breaker: config.breaker,
    hooks: {
      onCircuitChange: (change) => {
        if (change.gateway === 'faststar' && change.state === 'open') opened = true
      },
    },
  } satisfies Omit<RouterOptions<(typeof gateways)[number]>, 'route'>
  const withFailover = createRouter({ ...settings, route: ['faststar', 'fastaar'] })
  const fastStarOnly = createRouter({ ...settings, route: 'faststar' })
  await tellDriver<BreakerMessage>({ type: 'ready' })
  await fromDriver<BreakerDriverMessage>('go')
  const landedAt: string[] = []
  const refused: string[] = []
  let calls = 0
  if (config.role === 'trip') {
    // Sequential: each failure is counted before the next call is admitted.
    while (!opened && calls < config.calls) {
      calls++
      landedAt.push((await withFailover.sessions.create(checkoutInput(10_000 + calls))).provider)
    }
  } else {
    for (; calls < config.calls; calls++)
      landedAt.push((await withFailover.sessions.create(checkoutInput(10_000 + calls))).provider)
    for (let call = 0; call < config.calls; call++) {
      try {
        landedAt.push((await fastStarOnly.sessions.create(checkoutInput(20_000 + call))).provider)
      } catch (error) {
        refused.push(String((error as { code?: unknown }).code))
      }
    }
  }
  await close()
  await tellDriver<BreakerMessage>({ type: 'done', calls, opened, landedAt, refused })
}
