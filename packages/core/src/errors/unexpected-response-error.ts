import type { FieldIssue } from './invalid-request-error.js'
import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.UnexpectedResponseError'
const symbol = Symbol.for(marker)

/**
 * The provider answered, but not as documented: an HTML or empty body, invalid
 * JSON, a body missing a required field, or a 2xx that says it failed
 * (`success: false`, `hasErrors: true`). The provider did receive the request,
 * so a payment may exist. `issues` lists the fields that did not match.
 */
export class UnexpectedResponseError extends PaymentError {
  protected readonly [symbol] = true
  readonly issues: readonly FieldIssue[]

  constructor(
    options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & {
      code?: string
      issues?: readonly FieldIssue[]
    },
  ) {
    super({ ...options, code: options.code ?? 'unexpected_response', retryable: false })
    this.name = 'UnexpectedResponseError'
    this.issues = options.issues ?? []
  }

  static override isInstance(error: unknown): error is UnexpectedResponseError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON()
    if (this.issues.length > 0) json.issues = this.issues
    return json
  }
}
