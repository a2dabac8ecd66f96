// A store that counts the calls made to it, by method: the round trips behind each figure.
// Used only in an untimed pass, so the timed rounds run on the stores as users get them.
import { createMemoryStore, STATE_STORE_METHODS, type StateStore } from '@paymux/core'

type Method = (typeof STATE_STORE_METHODS)[number]

/** A store and the count of calls it received, by method. */
export interface CountingStore {
  readonly store: StateStore
  /** Calls since the last `reset()`, by method (methods never called are left out). */
  counts(): Partial<Record<Method, number>>
  reset(): void
}

/** Counts the calls to `store` (`undefined`: a memory store, as the router would make). */
export function countingStore(store: StateStore | undefined): CountingStore {
  const inner = store ?? createMemoryStore()
  let counts: Partial<Record<Method, number>> = {}
  const counted = { name: inner.name } as Record<string, unknown>
  for (const method of STATE_STORE_METHODS) {
    const call = inner[method] as (...args: unknown[]) => Promise<unknown>
    counted[method] = (...args: unknown[]) => {
      counts[method] = (counts[method] ?? 0) + 1
      return call.apply(inner, args)
    }
  }
  return {
    store: counted as unknown as StateStore,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = {}
    },
  }
}

/** `acquireLease 1, get 1, …` per `per` calls, and the total. */
export function describeCounts(counts: Partial<Record<Method, number>>, per: number): string {
  const entries = Object.entries(counts) as [Method, number][]
  const total = entries.reduce((sum, [, count]) => sum + count, 0) / per
  const parts = entries.map(([method, count]) => `${method} ${formatCount(count / per)}`)
  return `${formatCount(total)} (${parts.join(', ')})`
}

function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2)
}
