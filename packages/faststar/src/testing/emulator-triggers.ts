import { cancelSubscription, endPeriodNow, updateSubscription } from './emulator-billing.js'
import { completeOpenSession, failAttempt } from './emulator-checkout-page.js'
import { type EmulatorContext, newId } from './emulator-context.js'
import {
  cancelPayment,
  closeDispute,
  openDispute,
  refundPayment,
  settlePayments,
  updateDispute,
} from './emulator-merchant.js'
import type { EmulatedCard, EmulatedPayment, EmulatedPrice, EmulatedSession } from './emulator-records.js'

// `trigger(event)`: each event type SUPPLEMENT lists, caused through the same state change a
// buyer, the merchant or time makes (a checkout paid or declined, a refund, a renewal …), on
// records the trigger creates for itself, so nothing a test made is touched. No request goes
// through the handler: `requestCount()` and `state.requests` stay as they were.

/** Every event type `trigger` can cause: the fourteen of the webhooks guide. */
export const FASTSTAR_TRIGGERS = [
  'payment.succeeded',
  'payment.failed',
  'payment.canceled',
  'payment.refunded',
  'refund.succeeded',
  'subscription.created',
  'subscription.updated',
  'subscription.canceled',
  'invoice.paid',
  'invoice.payment_failed',
  'dispute.created',
  'dispute.updated',
  'dispute.closed',
  'settlement.succeeded',
] as const

const VISA: EmulatedCard = { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 }

/** What a trigger's records are made of. */
interface TriggerInput {
  readonly amount: number
  readonly currency: string
  readonly merchant: string
}

/** Causes `event`; the caller settles the deliveries. Unknown event or bad input → TypeError. */
export function causeEvent(
  ctx: EmulatorContext,
  event: string,
  raw: Readonly<Record<string, unknown>>,
): void {
  if (!(FASTSTAR_TRIGGERS as readonly string[]).includes(event))
    throw new TypeError(`Unknown FastStar event "${event}": trigger one of ${FASTSTAR_TRIGGERS.join(', ')}`)
  const input = triggerInput(ctx, raw)
  const [group] = event.split('.')
  if (group === 'payment' || group === 'refund') {
    causePaymentEvent(ctx, event, input)
    return
  }
  if (group === 'subscription' || group === 'invoice') {
    causeSubscriptionEvent(ctx, event, input)
    return
  }
  const payment = paidPayment(ctx, input)
  if (group === 'settlement') {
    settlePayments(ctx, new Set([payment.id]))
    return
  }
  const dispute = openDispute(ctx, payment.id)
  if (event === 'dispute.created') return
  updateDispute(ctx, dispute.id)
  if (event === 'dispute.closed') closeDispute(ctx, dispute.id, raw.outcome === 'won' ? 'won' : 'lost')
}

function causePaymentEvent(ctx: EmulatorContext, event: string, input: TriggerInput): void {
  if (event === 'payment.succeeded') {
    paidPayment(ctx, input)
    return
  }
  if (event === 'payment.failed' || event === 'payment.canceled') {
    const failed = failAttempt(ctx, openSession(ctx, input, 'payment'), 'card_declined')
    if (event === 'payment.canceled') cancelPayment(ctx, failed.id)
    return
  }
  // refund.succeeded and payment.refunded come together: a refund sends both.
  refundPayment(ctx, paidPayment(ctx, input).id)
}

function causeSubscriptionEvent(ctx: EmulatorContext, event: string, input: TriggerInput): void {
  const session = openSession(ctx, input, 'subscription')
  completeOpenSession(ctx, session, VISA)
  const subscription = [...ctx.state.subscriptions.values()].find(
    (candidate) => candidate.checkout_session_id === session.id,
  )
  if (subscription === undefined) throw new Error('the subscription checkout made no subscription')
  if (event === 'subscription.updated') updateSubscription(ctx, subscription.id, { cancelAtPeriodEnd: true })
  if (event === 'subscription.canceled') cancelSubscription(ctx, subscription.id)
  if (event === 'invoice.payment_failed') {
    // The renewal's off-session charge needs authentication, so it fails (the SCA switch).
    ctx.authenticationSwitch++
    endPeriodNow(ctx, subscription.id)
  }
}

function paidPayment(ctx: EmulatorContext, input: TriggerInput): EmulatedPayment {
  const completed = completeOpenSession(ctx, openSession(ctx, input, 'payment'), VISA)
  if (completed.payment === undefined) throw new Error('the checkout made no payment')
  return completed.payment
}

/** A catalog price and an open session on it, as the merchant's server would create them. */
function openSession(
  ctx: EmulatorContext,
  input: TriggerInput,
  mode: 'payment' | 'subscription',
): EmulatedSession {
  const productId = newId('prod')
  ctx.state.products.set(productId, { id: productId, merchant: input.merchant, name: 'Triggered item' })
  const price: EmulatedPrice = {
    id: newId('price'),
    merchant: input.merchant,
    product_id: productId,
    currency: input.currency,
    unit_amount: input.amount,
    type: mode === 'subscription' ? 'recurring' : 'one_time',
    ...(mode === 'subscription' ? { recurring_interval: 'month' } : {}),
  }
  ctx.state.prices.set(price.id, price)
  const session: EmulatedSession = {
    id: newId('cs'),
    merchant: input.merchant,
    mode,
    presentation: 'link',
    line_items: [
      {
        price_id: price.id,
        quantity: 1,
        unit_amount: input.amount,
        currency: input.currency,
        recurring: mode === 'subscription',
      },
    ],
    customer_email: 'buyer@example.com',
    success_url: 'https://shop.example/thanks',
    cancel_url: 'https://shop.example/cart',
    status: 'open',
    amount_subtotal: input.amount,
    amount_tax: 0,
    amount_total: input.amount,
    currency: input.currency,
    session_token: newId('tok'),
    expires_at: ctx.clock.now() + ctx.sessionTtlMs,
    payment_intent_id: null,
  }
  ctx.state.sessions.set(session.id, session)
  ctx.nextSessionExpiry = Math.min(ctx.nextSessionExpiry, session.expires_at)
  return session
}

function triggerInput(ctx: EmulatorContext, raw: Readonly<Record<string, unknown>>): TriggerInput {
  const amount = raw.amount ?? 1999
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1)
    throw new TypeError(
      `trigger input amount must be a positive integer (minor units), got ${String(amount)}`,
    )
  const currency = raw.currency ?? 'USD'
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    throw new TypeError(
      `trigger input currency must be an ISO 4217 code such as "USD", got ${String(currency)}`,
    )
  const [first] = ctx.merchants.keys()
  const merchant = raw.merchant ?? first
  if (typeof merchant !== 'string' || !ctx.merchants.has(merchant))
    throw new TypeError('trigger input merchant must be the API key of one of the emulator’s merchants')
  return { amount, currency, merchant }
}
