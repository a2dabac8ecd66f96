import type { Money } from './money.js'
import type { ProviderId, Ref } from './ref.js'

/**
 * Where a payment stands, the same for every gateway. Each adapter documents
 * how its native statuses map here; a native status it does not know maps to
 * `'processing'` (money may be moving, so neither success nor failure is
 * claimed) and stays readable in `nativeStatus`.
 */
export type PaymentStatus =
  | 'pending'
  | 'requires_action'
  | 'processing'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'expired'

/** The statuses a payment never leaves. */
export const TERMINAL_PAYMENT_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'succeeded',
  'failed',
  'canceled',
  'expired',
])

/** A payment (or charge) at one gateway. */
export interface Payment {
  readonly object: 'payment'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly status: PaymentStatus
  /** The provider's own status word, verbatim (`awaiting_verification`, `completed`, …). */
  readonly nativeStatus: string
  readonly amount: Money
  /** How much of `amount` has been refunded, where the provider reports it. A refunded payment keeps `status: 'succeeded'`. */
  readonly amountRefunded?: Money
  /** Why the payment failed (`duplicate_trx_id`, `rejected_by_admin`, …), when it did and the provider said. */
  readonly failureReason?: string
  /** Your own order id, as given at creation. */
  readonly reference?: string
  readonly customerId?: string
  readonly paymentMethodId?: string
  readonly metadata?: Readonly<Record<string, string>>
  readonly livemode?: boolean
  readonly createdAt?: Date
  /** The native object, untouched, for anything paymux does not model. */
  readonly raw: unknown
}

/** A refund of (part of) a payment. */
export interface Refund {
  readonly object: 'refund'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly paymentId: string
  readonly amount: Money
  readonly createdAt?: Date
  readonly raw: unknown
}
