import { hasMarker, InvalidRequestError, type PaymentErrorOptions } from '@paymux/core/adapter-kit'

const marker = 'paymux.error.fastaar.DuplicateReferenceError'
const symbol = Symbol.for(marker)

/**
 * Fastaar answered 409 `duplicate_invoice_number`: a payment for this
 * reference is still active, so no new one was created (how newer Fastaar
 * APIs treat a repeated `invoice_number`). Look the existing payment up by
 * `paymentId` when Fastaar named it, or with `payments.list({ reference })`.
 * An `InvalidRequestError`, so `InvalidRequestError.isInstance` matches it too.
 */
export class DuplicateReferenceError extends InvalidRequestError {
  protected readonly [symbol] = true
  /** The active payment's id, when the 409 body carried it. */
  readonly paymentId: string | undefined
  /** The reference that is in use, when known. */
  readonly reference: string | undefined

  constructor(
    options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & {
      paymentId?: string | undefined
      reference?: string | undefined
    },
  ) {
    super({
      ...options,
      code: 'duplicate_invoice_number',
      issues: [
        {
          path: 'reference',
          message:
            options.paymentId === undefined
              ? 'a payment for this reference is still active'
              : `a payment for this reference is still active (${options.paymentId})`,
        },
      ],
    })
    this.name = 'DuplicateReferenceError'
    this.paymentId = options.paymentId
    this.reference = options.reference
  }

  /** True for this error, from any copy of `@paymux/fastaar`. */
  static override isInstance(error: unknown): error is DuplicateReferenceError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON()
    if (this.paymentId !== undefined) json.paymentId = this.paymentId
    if (this.reference !== undefined) json.reference = this.reference
    return json
  }
}
