import type { EmulatorClock } from './emulator-clock.js'
import type { FaultInjector, FetchHandler } from './emulator-faults.js'
import type { EmulatorDelivery, EmulatorProvider, EmulatorWebhooks } from './emulator-webhooks.js'

/** What every paymux emulator is (each `create<X>Emulator` returns a superset). */
export interface Emulator {
  readonly provider: EmulatorProvider
  /** The emulator as a Web-standard handler: serve it, or call it in-process. */
  readonly handler: FetchHandler
  /** `handler` as a fetch, tagged with the clock, so a gateway given it reads the emulator's time. */
  readonly fetch: typeof globalThis.fetch
  readonly clock: EmulatorClock
  readonly faults: FaultInjector
  readonly webhooks: EmulatorWebhooks
  /** How many requests the handler has received. */
  requestCount(): number
  /** Moves the clock, runs what falls due (expiries and their events, renewals, retries), then settles deliveries. */
  advance(ms: number): Promise<void>
  /** Native event types `trigger` can cause. */
  readonly triggers: readonly string[]
  /**
   * Causes `event` through the same state change a buyer, merchant or time would make, and
   * resolves with the deliveries it produced (after their first attempts). Unknown event →
   * TypeError naming the valid ones.
   */
  trigger(event: string, input?: Readonly<Record<string, unknown>>): Promise<readonly EmulatorDelivery[]>
  /** Stops timers (the served form calls it from close()). */
  stop(): void
}
