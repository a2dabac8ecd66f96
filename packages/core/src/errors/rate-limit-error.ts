import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.RateLimitError'
const symbol = Symbol.for(marker)

/** The provider refused the request for now (429). `retryAfterMs` is its hint, when it gave one. */
export class RateLimitError extends PaymentError {
  protected readonly [symbol] = true
  readonly retryAfterMs: number | undefined

  constructor(
    options: Omit<PaymentErrorOptions, 'code'> & { code?: string; retryAfterMs?: number | undefined },
  ) {
    super({ ...options, code: options.code ?? 'rate_limited', retryable: options.retryable ?? true })
    this.name = 'RateLimitError'
    this.retryAfterMs = options.retryAfterMs
  }

  static override isInstance(error: unknown): error is RateLimitError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON()
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs
    return json
  }
}
