import type { PaymentStatus, SessionStatus } from '@paymux/core'

/**
 * Fastaar's payment statuses and the neutral status each maps to. A refund
 * does not change the neutral status: a (partially) refunded payment was paid,
 * so it stays `succeeded` and `amountRefunded` says how much went back.
 */
export const FASTAAR_PAYMENT_STATUSES: Readonly<Record<string, PaymentStatus>> = {
  pending: 'pending',
  awaiting_verification: 'processing',
  completed: 'succeeded',
  refunded: 'succeeded',
  partially_refunded: 'succeeded',
  failed: 'failed',
  expired: 'expired',
  // Named only in an official SDK's comments; spelled both ways to be safe.
  cancelled: 'canceled',
  canceled: 'canceled',
}

/**
 * The neutral status a payment in an unknown (newer) native status gets:
 * money may be moving, so neither success nor failure is claimed. The native
 * word stays in `nativeStatus`.
 */
export const FASTAAR_UNKNOWN_STATUS_FALLBACK: PaymentStatus = 'processing'

/** The neutral status of a Fastaar payment status; unknown ones map to {@link FASTAAR_UNKNOWN_STATUS_FALLBACK}. */
export function mapFastaarPaymentStatus(nativeStatus: string): PaymentStatus {
  return Object.hasOwn(FASTAAR_PAYMENT_STATUSES, nativeStatus)
    ? (FASTAAR_PAYMENT_STATUSES[nativeStatus] ?? FASTAAR_UNKNOWN_STATUS_FALLBACK)
    : FASTAAR_UNKNOWN_STATUS_FALLBACK
}

/**
 * The status of the checkout a Fastaar payment stands for: `open` until the
 * payment completes (a TrxID under verification is not yet paid), `complete`
 * once paid (refunds included), `expired`, and `canceled` when it failed or
 * was cancelled (the page can no longer be paid; the payment's
 * `failureReason` says why). Unknown statuses are `open`.
 */
export function mapFastaarSessionStatus(nativeStatus: string): SessionStatus {
  switch (mapFastaarPaymentStatus(nativeStatus)) {
    case 'succeeded':
      return 'complete'
    case 'expired':
      return 'expired'
    case 'failed':
    case 'canceled':
      return 'canceled'
    default:
      return 'open'
  }
}

/**
 * The native status to filter `GET /payments` by, for a neutral status;
 * `undefined` for `requires_action`, which no Fastaar payment is ever in.
 * `succeeded` asks for `completed` only: Fastaar takes one status, so
 * refunded payments are not in that list.
 */
export function toFastaarStatusFilter(status: PaymentStatus): string | undefined {
  switch (status) {
    case 'pending':
      return 'pending'
    case 'processing':
      return 'awaiting_verification'
    case 'succeeded':
      return 'completed'
    case 'failed':
      return 'failed'
    case 'expired':
      return 'expired'
    case 'canceled':
      return 'cancelled'
    case 'requires_action':
      return undefined
  }
}
