import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.AuthenticationError'
const symbol = Symbol.for(marker)

/** The API key is missing, wrong, expired or not allowed to do this (401, and 403 where the provider means a permission problem). */
export class AuthenticationError extends PaymentError {
  protected readonly [symbol] = true

  constructor(options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & { code?: string }) {
    super({ ...options, code: options.code ?? 'authentication_failed', retryable: false })
    this.name = 'AuthenticationError'
  }

  static override isInstance(error: unknown): error is AuthenticationError {
    return hasMarker(error, marker)
  }
}
