import type { StateStore } from './state-store.js'

/** A lease this process holds, renewed in the background until released. */
export interface HeldLease {
  /** Stops renewing and ends the lease; never rejects (an unreleased lease expires on its own). */
  release(): Promise<void>
}

/** Options of {@link holdLease}. */
export interface HoldLeaseOptions {
  /** How long the lease lasts without renewal; it is renewed every third of it. */
  readonly ttlMs: number
  /** How long to wait for another owner to let go, polling, before giving up. 0: try once. */
  readonly waitMs: number
}

/**
 * Takes the lease `key` under a new owner id, waiting up to `waitMs` for
 * another owner to release it (or for it to expire), and keeps it renewed
 * while the caller works, so a long task never loses it to another instance
 * while a crashed one's lapses within `ttlMs`. Resolves `undefined` if the
 * lease stayed taken. Store failures reject (`StoreUnavailableError`).
 */
export async function holdLease(
  store: StateStore,
  key: string,
  options: HoldLeaseOptions,
): Promise<HeldLease | undefined> {
  const owner = crypto.randomUUID()
  const deadline = Date.now() + options.waitMs
  let pollMs = 5
  while (!(await store.acquireLease(key, owner, options.ttlMs))) {
    if (Date.now() + pollMs > deadline) return undefined
    await new Promise((resolve) => setTimeout(resolve, pollMs))
    pollMs = Math.min(pollMs * 2, 50)
  }
  const timer = setInterval(
    () => {
      // A failed renewal is not fatal: the lease still runs to its ttl.
      store.renewLease(key, owner, options.ttlMs).catch(() => undefined)
    },
    Math.max(1, Math.floor(options.ttlMs / 3)),
  )
  // Renewal must not keep a process alive that has nothing else to do.
  ;(timer as { unref?: () => void }).unref?.()
  return {
    async release() {
      clearInterval(timer)
      await store.releaseLease(key, owner).catch(() => undefined)
    },
  }
}
