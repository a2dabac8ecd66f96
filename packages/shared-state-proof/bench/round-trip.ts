// One store call's latency, alone: what each extra call on the sessions.create path costs.
import { createMemoryStore, type StateStore } from '@paymux/core'
import { median } from './bench-stats.js'

/**
 * The median latency, in µs, of `calls` sequential `get`s of absent keys on
 * `store` (`undefined`: a memory store), after as many unmeasured ones.
 */
export async function roundTripUs(store: StateStore | undefined, calls = 200): Promise<number> {
  const target = store ?? createMemoryStore()
  const times: number[] = []
  for (let call = -calls; call < calls; call++) {
    const started = performance.now()
    await target.get(`bench:round-trip:${call}`)
    if (call >= 0) times.push((performance.now() - started) * 1000)
  }
  return median(times)
}
