import type { Customer, PaymentMethod, PaymentMethodSetup } from '@paymux/core'
import { toRef } from '@paymux/core/adapter-kit'
import type { FastStarCustomer, FastStarPaymentMethod, FastStarSetupIntent } from './faststar-api.js'

/** A native customer as a neutral `Customer`. */
export function toCustomer(native: FastStarCustomer): Customer {
  return {
    object: 'customer',
    id: native.id,
    provider: 'faststar',
    ref: toRef('faststar', native.id),
    email: native.email,
    ...(native.name == null ? {} : { name: native.name }),
    raw: native,
  }
}

/** A SetupIntent answer as what the front end needs to open FastStar's card popup. */
export function toPaymentMethodSetup(native: FastStarSetupIntent): PaymentMethodSetup {
  return {
    setupIntentId: native.setup_intent_id,
    clientSecret: native.client_secret,
    publishableKey: native.publishable_key,
    raw: native,
  }
}

/** A masked card as a neutral `PaymentMethod`; `customerId` is the customer it was asked for under. */
export function toPaymentMethod(native: FastStarPaymentMethod, customerId?: string): PaymentMethod {
  const owner = native.customer_id ?? customerId
  return {
    object: 'payment_method',
    id: native.id,
    provider: 'faststar',
    ref: toRef('faststar', native.id),
    ...(owner == null ? {} : { customerId: owner }),
    brand: native.brand,
    last4: native.last4,
    expMonth: native.exp_month,
    expYear: native.exp_year,
    ...(native.is_default == null ? {} : { isDefault: native.is_default }),
    raw: native,
  }
}
