import type { ChargeInput, Payment } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'

/** A `payments.charge` input as core's schema hands it over. */
type ValidChargeInput = Omit<ChargeInput, 'offSession'> & { readonly offSession?: boolean | undefined }

import type { FastStarCharge, FastStarChargeRequest } from './faststar-api.js'
import { mapFastStarPaymentStatus } from './map-faststar-status.js'

/** The native charge body; `off_session` defaults to `true`, as the endpoint is for off-session charges. */
export function toFastStarChargeRequest(input: ValidChargeInput): FastStarChargeRequest {
  return {
    payment_method_id: input.paymentMethodId,
    amount: input.amount.amount,
    currency: input.amount.currency,
    off_session: input.offSession ?? true,
  }
}

/** A charge answer as a neutral `Payment` (`payment_intent_id` is its id). */
export function toChargePayment(native: FastStarCharge, customerId: string): Payment {
  return {
    object: 'payment',
    id: native.payment_intent_id,
    provider: 'faststar',
    ref: toRef('faststar', native.payment_intent_id),
    status: mapFastStarPaymentStatus(native.status),
    nativeStatus: native.status,
    amount: { amount: native.amount, currency: native.currency },
    customerId,
    paymentMethodId: native.payment_method_id,
    raw: native,
  }
}
