import type { FieldIssue } from './invalid-request-error.js'
import { hasMarker, PaymentError, type PaymentErrorOptions, type RequestOutcome } from './payment-error.js'

const marker = 'paymux.error.UnexpectedResponseError'
const symbol = Symbol.for(marker)

/**
 * The provider answered, but not as documented: an HTML or empty body, invalid
 * JSON, a body missing a required field, a 2xx that says it failed
 * (`success: false`, `hasErrors: true`), a redirect (`code: 'redirect'`: paymux
 * never follows one) or an answer larger than `maxResponseBytes`
 * (`code: 'response_too_large'`). The provider did receive the request, so a
 * payment may exist. `issues` lists the fields that did not match.
 */
export class UnexpectedResponseError extends PaymentError {
  protected readonly [symbol] = true
  readonly issues: readonly FieldIssue[]
  /**
   * Set by the transport where it knows the request was not a read: `'unknown'`
   * for a redirect or an oversized answer to a POST, PUT, PATCH or DELETE (the
   * provider may have acted on it). Absent on a GET, which changes nothing.
   */
  readonly outcome: RequestOutcome | undefined

  constructor(
    options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & {
      code?: string
      issues?: readonly FieldIssue[]
      outcome?: RequestOutcome | undefined
    },
  ) {
    super({ ...options, code: options.code ?? 'unexpected_response', retryable: false })
    this.name = 'UnexpectedResponseError'
    this.issues = options.issues ?? []
    this.outcome = options.outcome
  }

  static override isInstance(error: unknown): error is UnexpectedResponseError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON()
    if (this.issues.length > 0) json.issues = this.issues
    if (this.outcome !== undefined) json.outcome = this.outcome
    return json
  }
}
