import type { StoreEngine } from './proof-stores.js'

/** What the many-processes driver tells each worker. */
export interface WorkerConfig {
  readonly engine: StoreEngine
  readonly url: string
  readonly prefix: string
  /** The served FastStar emulator's API base URL: the confirmation page retrieves sessions there. */
  readonly baseUrl: string
  readonly webhookSecret: string
  /** The shared fulfilment log. */
  readonly logPath: string
  readonly claimTtlMs: number
  readonly leaseTtlMs: number
  readonly waitMs: number
  /**
   * The worker dies (SIGKILL, by its own hand) right after its `fulfil`
   * ran for this order, before the guard records it: the crash window.
   */
  readonly crashAfterFulfilling?: string
}

/** Messages from a worker. */
export type WorkerMessage = { type: 'listening'; port: number } | { type: 'stopped' }
/** Messages to a worker. */
export type DriverMessage = { type: 'stop' }

/** Where a worker takes FastStar's webhooks. */
export const WEBHOOK_PATH = '/webhooks/faststar'
/** A worker's `successUrl`: the buyer comes back here with `?session=<ref>`. */
export const CONFIRM_PATH = '/checkout/success'
