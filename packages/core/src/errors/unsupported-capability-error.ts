import { hasMarker, PaymentError } from './payment-error.js'

const marker = 'paymux.error.UnsupportedCapabilityError'
const symbol = Symbol.for(marker)

/** The gateway does not offer this operation (`capability`, e.g. `'payments.refund'`). */
export class UnsupportedCapabilityError extends PaymentError {
  protected readonly [symbol] = true
  readonly capability: string

  constructor(options: { provider: string; capability: string; message?: string }) {
    super({
      provider: options.provider,
      code: 'unsupported_capability',
      message: options.message ?? `The ${options.provider} gateway does not support ${options.capability}.`,
      retryable: false,
    })
    this.name = 'UnsupportedCapabilityError'
    this.capability = options.capability
  }

  static override isInstance(error: unknown): error is UnsupportedCapabilityError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), capability: this.capability }
  }
}
