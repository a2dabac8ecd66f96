import { hasMarker, PaymentError } from './payment-error.js'

const marker = 'paymux.error.StoreUnavailableError'
const symbol = Symbol.for(marker)

/**
 * The shared state store (Redis, PostgreSQL, …) could not answer: refused
 * or dropped connection, a timeout, an error from the server. Never read as
 * "not seen" or "free": whatever needed the store did not happen, so a
 * webhook is answered 500 (the provider delivers it again) and a checkout is
 * not opened. `retryable`: trying again once the store is back is safe.
 */
export class StoreUnavailableError extends PaymentError {
  protected readonly [symbol] = true
  /** Which store failed: `'redis'`, `'postgres'`, `'memory'`, or your store's name. */
  readonly store: string
  /** The store operation that failed (`claim`, `compareAndSet`, …). */
  readonly operation: string

  constructor(options: {
    readonly store: string
    readonly operation: string
    /** What went wrong, without the connection string: it may hold a password. */
    readonly message: string
    /** @default 'store_unavailable' */
    readonly code?: string
    readonly cause?: unknown
  }) {
    super({
      provider: 'paymux',
      code: options.code ?? 'store_unavailable',
      message: options.message,
      retryable: true,
      cause: options.cause,
    })
    this.name = 'StoreUnavailableError'
    this.store = options.store
    this.operation = options.operation
  }

  static override isInstance(error: unknown): error is StoreUnavailableError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), store: this.store, operation: this.operation }
  }
}
