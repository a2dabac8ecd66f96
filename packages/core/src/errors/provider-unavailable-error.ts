import { hasMarker, PaymentError, type PaymentErrorOptions, type RequestOutcome } from './payment-error.js'

const marker = 'paymux.error.ProviderUnavailableError'
const symbol = Symbol.for(marker)

/**
 * The provider could not be reached or failed on its side: a 5xx, a timeout,
 * a refused or reset connection. `outcome` says whether the request can have
 * reached the provider: `'not_sent'` (connection refused, DNS failure) means
 * nothing happened there; `'unknown'` (timeout, reset, 5xx) means a payment
 * may exist, so look it up before creating another.
 */
export class ProviderUnavailableError extends PaymentError {
  protected readonly [symbol] = true
  readonly outcome: RequestOutcome
  /** The provider's `Retry-After` hint (a 503 may send one), in milliseconds. */
  readonly retryAfterMs: number | undefined

  constructor(
    options: Omit<PaymentErrorOptions, 'code'> & {
      code?: string
      outcome: RequestOutcome
      retryAfterMs?: number | undefined
    },
  ) {
    super({ ...options, code: options.code ?? 'provider_unavailable', retryable: options.retryable ?? true })
    this.name = 'ProviderUnavailableError'
    this.outcome = options.outcome
    this.retryAfterMs = options.retryAfterMs
  }

  static override isInstance(error: unknown): error is ProviderUnavailableError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { ...super.toJSON(), outcome: this.outcome }
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs
    return json
  }
}
