import { hasMarker, PaymentError, type RequestOutcome } from './payment-error.js'

const marker = 'paymux.error.RequestAbortedError'
const symbol = Symbol.for(marker)

/**
 * The caller's `AbortSignal` cancelled the call (and any retry still to come).
 * `outcome: 'unknown'` means the request may already have reached the provider.
 */
export class RequestAbortedError extends PaymentError {
  protected readonly [symbol] = true
  readonly outcome: RequestOutcome

  constructor(options: { provider: string; outcome: RequestOutcome; message?: string }) {
    super({
      provider: options.provider,
      code: 'aborted',
      message: options.message ?? `The ${options.provider} request was aborted by the caller.`,
      retryable: false,
    })
    this.name = 'RequestAbortedError'
    this.outcome = options.outcome
  }

  static override isInstance(error: unknown): error is RequestAbortedError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), outcome: this.outcome }
  }
}
