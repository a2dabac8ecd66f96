import type { Money, Payment, PaymentSession, Refund } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'
import type { FastaarPayment, FastaarRefund } from './fastaar-api.js'
import { fromFastaarAmount } from './map-fastaar-amount.js'
import { mapFastaarPaymentStatus, mapFastaarSessionStatus } from './map-fastaar-status.js'

/** A Fastaar checkout: the neutral session, and whether this call created the payment. */
export interface FastaarSession extends PaymentSession {
  /**
   * `true` when Fastaar created the payment (HTTP 201); `false` when it
   * returned the payment that already existed for this `reference` (HTTP 200).
   * `false` can also follow a retry whose first attempt created the payment
   * but lost the answer: either way there is exactly one payment.
   * Only `sessions.create` sets it.
   */
  readonly created?: boolean
}

/** The neutral payment of a Fastaar payment object. */
export function toPayment(native: FastaarPayment): Payment {
  const amount = fromFastaarAmount(native.amount)
  const refunded = native.refunded_amount == null ? undefined : fromFastaarAmount(native.refunded_amount)
  const reference = referenceOf(native)
  const metadata = Array.isArray(native.metadata) || native.metadata == null ? undefined : native.metadata
  return {
    object: 'payment',
    id: native.id,
    provider: 'fastaar',
    ref: toRef('fastaar', native.id),
    status: mapFastaarPaymentStatus(native.status),
    nativeStatus: native.status,
    amount,
    ...(refunded === undefined ? {} : { amountRefunded: refunded }),
    ...(native.failure_reason == null ? {} : { failureReason: native.failure_reason }),
    ...(reference === undefined ? {} : { reference }),
    ...(native.customer_id == null ? {} : { customerId: String(native.customer_id) }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(native.livemode === undefined ? {} : { livemode: native.livemode }),
    ...(native.created_at == null ? {} : { createdAt: new Date(native.created_at) }),
    raw: native,
  }
}

/**
 * The neutral session of a Fastaar payment: its id is the payment's id, its
 * `url` the `checkout_url`. `checkout_url` is required here: without it
 * there is no page to send the buyer to.
 */
export function toSession(
  native: FastaarPayment & { checkout_url: string },
  created?: boolean,
): FastaarSession {
  const total: Money = fromFastaarAmount(native.amount)
  const reference = referenceOf(native)
  return {
    object: 'session',
    id: native.id,
    provider: 'fastaar',
    ref: toRef('fastaar', native.id),
    status: mapFastaarSessionStatus(native.status),
    nativeStatus: native.status,
    mode: 'payment',
    url: native.checkout_url,
    amounts: { total },
    ...(native.expires_at == null ? {} : { expiresAt: new Date(native.expires_at) }),
    ...(reference === undefined ? {} : { reference }),
    paymentId: native.id,
    ...(created === undefined ? {} : { created }),
    raw: native,
  }
}

/** The neutral refund of a Fastaar refund of payment `paymentId`. */
export function toRefund(native: FastaarRefund, paymentId: string): Refund {
  const id = String(native.id)
  return {
    object: 'refund',
    id,
    provider: 'fastaar',
    ref: toRef('fastaar', id),
    paymentId,
    amount: fromFastaarAmount(native.amount),
    ...(native.created_at == null ? {} : { createdAt: new Date(native.created_at) }),
    raw: native,
  }
}

// Either name may come back, whichever the merchant's API version uses.
function referenceOf(native: FastaarPayment): string | undefined {
  return native.invoice_id ?? native.invoice_number ?? undefined
}
