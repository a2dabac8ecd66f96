import type { Money } from '../model/money.js'
import { hasMarker, PaymentError, type PaymentErrorOptions } from './payment-error.js'

const marker = 'paymux.error.ActionRequiredError'
const symbol = Symbol.for(marker)

/** What the application needs to bring the buyer back on-session. */
export interface RequiredAction {
  /** What the buyer must do: authenticate the payment (3-D Secure / SCA). */
  type: 'authenticate'
  customerId?: string
  paymentMethodId?: string
  amount?: Money
}

/**
 * The payment did not complete: the buyer's bank demands Strong Customer
 * Authentication (HTTP 402 on an off-session charge). Do not fulfil; create an
 * on-session flow (a checkout session) for the buyer instead. Never retryable.
 */
export class ActionRequiredError extends PaymentError {
  protected readonly [symbol] = true
  readonly action: RequiredAction

  constructor(
    options: Omit<PaymentErrorOptions, 'code' | 'retryable'> & { code?: string; action?: RequiredAction },
  ) {
    super({ ...options, code: options.code ?? 'action_required', retryable: false })
    this.name = 'ActionRequiredError'
    this.action = options.action ?? { type: 'authenticate' }
  }

  static override isInstance(error: unknown): error is ActionRequiredError {
    return hasMarker(error, marker)
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), action: this.action }
  }
}
