import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.InvalidRequestError'
const symbol = Symbol.for(marker)

/** One field that failed validation, by its dotted path (`lineItems.0.quantity`). */
export interface FieldIssue {
  path: string
  message: string
}

/**
 * The request is wrong and sending it again unchanged cannot help: local
 * validation before anything was sent, or a 400 / 409 / 422 from the provider.
 * `issues` names every bad field.
 */
export class InvalidRequestError extends PaymentError {
  protected readonly [symbol] = true
  readonly issues: readonly FieldIssue[]

  constructor(
    options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & {
      code?: string
      issues?: readonly FieldIssue[]
    },
  ) {
    super({ ...options, code: options.code ?? 'invalid_request', retryable: false })
    this.name = 'InvalidRequestError'
    this.issues = options.issues ?? []
  }

  static override isInstance(error: unknown): error is InvalidRequestError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues }
  }
}
