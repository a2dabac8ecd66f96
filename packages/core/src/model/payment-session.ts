import type { Money } from './money.js'
import type { ProviderId, Ref } from './ref.js'

/** What a session does: take a payment, start a subscription, or only save a card. */
export type SessionMode = 'payment' | 'subscription' | 'setup'

/** How the buyer sees the page: inside your site (overlay / iframe) or by a full-page redirect. */
export type SessionPresentation = 'embedded' | 'redirect'

/** Where a session stands. Unknown native values map to `'open'` and keep `nativeStatus`. */
export type SessionStatus = 'open' | 'complete' | 'expired' | 'canceled'

/**
 * The hosted or embedded page where a buyer pays: FastStar's Checkout
 * Session, Paystar's Payment Session, Fastaar's payment with its `checkout_url`.
 */
export interface PaymentSession {
  readonly object: 'session'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly status: SessionStatus
  readonly nativeStatus: string
  readonly mode: SessionMode
  /** Send the buyer here (redirect), or open it in the provider's front-end SDK (embedded). */
  readonly url: string
  /** Amounts as the provider computed them, where it reports them. */
  readonly amounts?: {
    readonly subtotal?: Money
    readonly tax?: Money
    readonly total?: Money
  }
  readonly expiresAt?: Date
  /** Your own order id, as given at creation. */
  readonly reference?: string
  /** The payment behind this session, where the provider exposes one. */
  readonly paymentId?: string
  readonly raw: unknown
}
