import type { PaymentStatus, SessionStatus } from '@paymux/core'

// The documents show only `open` for sessions and `succeeded` for charges; the
// other words are the likely ones (SUPPLEMENT.md names `complete` and `expired`).
// A word not listed falls back without crashing and stays in `nativeStatus`.
const SESSION_STATUSES: Readonly<Record<string, SessionStatus>> = {
  open: 'open',
  complete: 'complete',
  expired: 'expired',
  canceled: 'canceled',
  cancelled: 'canceled',
}

const PAYMENT_STATUSES: Readonly<Record<string, PaymentStatus>> = {
  pending: 'pending',
  requires_action: 'requires_action',
  processing: 'processing',
  succeeded: 'succeeded',
  failed: 'failed',
  canceled: 'canceled',
  cancelled: 'canceled',
  // A refund does not undo the payment: it keeps `succeeded`.
  refunded: 'succeeded',
  partially_refunded: 'succeeded',
}

/** A FastStar checkout-session status as a neutral one; an unknown word is `'open'` (nothing claimed). */
export function mapFastStarSessionStatus(status: string): SessionStatus {
  return Object.hasOwn(SESSION_STATUSES, status) ? (SESSION_STATUSES[status] as SessionStatus) : 'open'
}

/**
 * A FastStar payment status as a neutral one; an unknown word is
 * `'processing'`: money may be moving, so neither success nor failure is claimed.
 */
export function mapFastStarPaymentStatus(status: string): PaymentStatus {
  return Object.hasOwn(PAYMENT_STATUSES, status) ? (PAYMENT_STATUSES[status] as PaymentStatus) : 'processing'
}
