import type { Money, Payment, PaymentSession } from '../../model/index.js'
import { toRef } from '../index.js'
import type { AcmeCreateSessionBody, AcmePayment, AcmeSession } from './acme-api.js'
import type { AcmeSessionInput } from './acme-schemas.js'

/** A neutral session input → the body of `POST /checkout/sessions`. */
export function toAcmeSessionBody(input: AcmeSessionInput): AcmeCreateSessionBody {
  // Both set by now: `lineItems` is unsupported and `successUrl` required (acme-schemas.ts).
  const { amount, successUrl, reference } = input as AcmeSessionInput & { amount: Money; successUrl: string }
  return {
    amount: amount.amount,
    currency: amount.currency,
    success_url: successUrl,
    ...(reference === undefined ? {} : { reference }),
  }
}

/** An Acme session → a neutral `PaymentSession`. */
export function fromAcmeSession(native: AcmeSession): PaymentSession {
  return {
    object: 'session',
    id: native.id,
    provider: 'acme',
    ref: toRef('acme', native.id),
    // Every documented status; an unknown one is `open`, and `nativeStatus` keeps it.
    status: native.status === 'paid' ? 'complete' : native.status === 'expired' ? 'expired' : 'open',
    nativeStatus: native.status,
    mode: 'payment',
    url: native.url,
    amounts: { total: { amount: native.amount, currency: native.currency } },
    paymentId: native.payment_id,
    ...(native.reference === undefined ? {} : { reference: native.reference }),
    raw: native,
  }
}

/** An Acme payment → a neutral `Payment`. */
export function fromAcmePayment(native: AcmePayment): Payment {
  const { status } = native
  return {
    object: 'payment',
    id: native.id,
    provider: 'acme',
    ref: toRef('acme', native.id),
    // An unknown status is `processing`: money may be moving, so neither outcome is claimed.
    status: status === 'pending' || status === 'succeeded' || status === 'expired' ? status : 'processing',
    nativeStatus: status,
    amount: { amount: native.amount, currency: native.currency },
    ...(native.reference === undefined ? {} : { reference: native.reference }),
    raw: native,
  }
}
