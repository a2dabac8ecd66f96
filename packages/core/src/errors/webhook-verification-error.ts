import { hasMarker, PaymentError } from './payment-error.js'

const marker = 'paymux.error.WebhookVerificationError'
const symbol = Symbol.for(marker)

/** Why a webhook delivery was refused. */
export type WebhookFailureReason =
  | 'missing_secret'
  | 'missing_header'
  | 'malformed_header'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch'
  | 'invalid_body'
  | 'invalid_payload'
  /** The router could not tell which gateway sent the delivery. */
  | 'unrecognized_delivery'
  /** More than one of the router's gateways recognizes the delivery. */
  | 'ambiguous_delivery'

/**
 * A webhook delivery could not be authenticated or understood. Answer it with
 * a 400 and do not act on it. `reason` is machine-readable; the message
 * diagnoses the usual mistakes (a parsed body instead of the raw one, a
 * secret with stray whitespace).
 */
export class WebhookVerificationError extends PaymentError {
  protected readonly [symbol] = true
  readonly reason: WebhookFailureReason

  constructor(options: { provider: string; reason: WebhookFailureReason; message: string }) {
    super({ provider: options.provider, code: options.reason, message: options.message, retryable: false })
    this.name = 'WebhookVerificationError'
    this.reason = options.reason
  }

  static override isInstance(error: unknown): error is WebhookVerificationError {
    return hasMarker(error, marker)
  }
}
