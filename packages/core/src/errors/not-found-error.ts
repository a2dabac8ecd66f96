import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.NotFoundError'
const symbol = Symbol.for(marker)

/** The provider knows no object with this id (404). */
export class NotFoundError extends PaymentError {
  protected readonly [symbol] = true

  constructor(options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & { code?: string }) {
    super({ ...options, code: options.code ?? 'not_found', retryable: false })
    this.name = 'NotFoundError'
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, marker)
  }
}
