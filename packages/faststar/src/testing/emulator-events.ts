import type {
  EmulatedDispute,
  EmulatedInvoice,
  EmulatedPayment,
  EmulatedSubscription,
} from './emulator-records.js'

// Event `data` bodies (the kit spec's §5). Only `payment.*` has a documented shape
// ({ payment_id, amount, currency, status }); every other body is the emulator's guess,
// built from the ids the gateway reads (`<object>_id`, `status`, `customer_id`, …).

/** `payment.*`: the documented four fields, then the ids a shop matches on (guesses). */
export function paymentEventData(payment: EmulatedPayment): Record<string, unknown> {
  return {
    payment_id: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    status: payment.status,
    ...(payment.checkout_session_id === undefined
      ? {}
      : { checkout_session_id: payment.checkout_session_id }),
    ...(payment.client_reference_id === undefined
      ? {}
      : { client_reference_id: payment.client_reference_id }),
    ...(payment.customer_id === undefined ? {} : { customer_id: payment.customer_id }),
    ...(payment.payment_method_id === undefined ? {} : { payment_method_id: payment.payment_method_id }),
    ...(payment.status === 'failed' ? { failure_reason: payment.failure_reason ?? 'card_declined' } : {}),
    ...(payment.status === 'refunded' || payment.status === 'partially_refunded'
      ? { amount_refunded: payment.amount_refunded ?? 0 }
      : {}),
  }
}

/** `subscription.*`. `current_period_end` is unix seconds, like the event's `created` (guess). */
export function subscriptionEventData(subscription: EmulatedSubscription): Record<string, unknown> {
  return {
    subscription_id: subscription.id,
    status: subscription.status,
    customer_id: subscription.customer_id,
    price_id: subscription.price_id,
    current_period_end: Math.floor(subscription.current_period_end / 1000),
    ...(subscription.checkout_session_id === undefined
      ? {}
      : { checkout_session_id: subscription.checkout_session_id }),
  }
}

/** `invoice.paid` (with the payment) and `invoice.payment_failed` (status `open`). */
export function invoiceEventData(invoice: EmulatedInvoice): Record<string, unknown> {
  return {
    invoice_id: invoice.id,
    subscription_id: invoice.subscription_id,
    ...(invoice.status === 'paid' && invoice.payment_id !== undefined
      ? { payment_id: invoice.payment_id }
      : {}),
    amount: invoice.amount,
    currency: invoice.currency,
    status: invoice.status,
  }
}

/** `dispute.*`. */
export function disputeEventData(dispute: EmulatedDispute): Record<string, unknown> {
  return {
    dispute_id: dispute.id,
    payment_id: dispute.payment_id,
    amount: dispute.amount,
    currency: dispute.currency,
    status: dispute.status,
    reason: dispute.reason,
  }
}
