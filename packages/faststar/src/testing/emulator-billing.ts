import { type EmulatorContext, newId } from './emulator-context.js'
import { invoiceEventData, paymentEventData, subscriptionEventData } from './emulator-events.js'
import type {
  EmulatedCard,
  EmulatedCustomer,
  EmulatedInvoice,
  EmulatedPayment,
  EmulatedSession,
  EmulatedSubscription,
} from './emulator-records.js'

// Subscriptions: created by a subscription-mode checkout, renewed on the emulator clock.
// The documents say only that subscription line items reference a recurring price
// (with an interval, a count and trial_period_days); everything below is the
// emulator's guess, named in the docs page:
// - a trial starts `trialing` with no charge; its end charges the first period;
// - each period end charges the checkout's total again with the checkout's card;
// - a failed renewal leaves the invoice `open` and the subscription `past_due`, and is
//   retried after each of `renewalRetryDelaysMs`; when they run out the subscription is canceled.

const DAY_MS = 24 * 60 * 60 * 1000

/** The subscription and first payment a subscription-mode checkout makes. */
export interface SubscriptionCheckout {
  readonly subscription: EmulatedSubscription
  /** Absent while trialing: nothing is charged until the trial ends. */
  readonly payment?: EmulatedPayment
}

/**
 * Completes a subscription-mode session paid with `card`: `subscription.created`, then (no trial)
 * `payment.succeeded` and `invoice.paid`. The customer is found or created by `email`.
 */
export function startSubscription(
  ctx: EmulatorContext,
  session: EmulatedSession,
  card: EmulatedCard,
  email: string | undefined = session.customer_email,
): SubscriptionCheckout {
  const item = session.line_items.find((line) => line.price_id !== undefined)
  const price = item?.price_id === undefined ? undefined : ctx.state.prices.get(item.price_id)
  if (price === undefined) throw new Error(`Session ${session.id} has no recurring price`)
  const now = ctx.clock.now()
  const customer = customerFor(ctx, session, email)
  session.status = 'complete'
  session.customer_id = customer.id
  const trialDays = price.trial_period_days ?? 0
  const subscription: EmulatedSubscription = {
    id: newId('sub'),
    merchant: session.merchant,
    customer_id: customer.id,
    price_id: price.id,
    amount: session.amount_total,
    currency: price.currency,
    interval: price.recurring_interval ?? 'month',
    interval_count: price.recurring_interval_count ?? 1,
    status: trialDays > 0 ? 'trialing' : 'active',
    current_period_start: now,
    current_period_end: 0,
    cancel_at_period_end: false,
    card,
    checkout_session_id: session.id,
    failed_attempts: 0,
  }
  subscription.current_period_end = trialDays > 0 ? now + trialDays * DAY_MS : periodEnd(subscription, now)
  ctx.state.subscriptions.set(subscription.id, subscription)
  ctx.emit('subscription.created', subscriptionEventData(subscription))
  if (trialDays > 0) return { subscription }
  const payment = sessionPayment(ctx, session, subscription)
  const invoice = newInvoice(ctx, subscription)
  payInvoice(ctx, invoice, payment, card)
  return { subscription, payment }
}

/** Runs what the clock made due, oldest first: trial ends, renewals, retries, cancellations at period end. */
export function renewDueSubscriptions(ctx: EmulatorContext): void {
  // Bounded: a year of daily renewals is 366 steps; a stuck loop would be a bug, not a long wait.
  for (let step = 0; step < 10_000; step++) {
    const due = nextDue(ctx)
    if (due === undefined) return
    if (due.kind === 'retry') retryInvoice(ctx, due.subscription)
    else endPeriod(ctx, due.subscription)
  }
}

/** What `updateSubscription` changes. */
export interface SubscriptionChange {
  /** Another recurring price in the same currency; later periods charge its unit amount. */
  readonly priceId?: string
  /** `true`: cancel when the current period ends, not now. */
  readonly cancelAtPeriodEnd?: boolean
}

/** Changes a live subscription as the merchant would in the dashboard: `subscription.updated`. */
export function updateSubscription(
  ctx: EmulatorContext,
  id: string,
  change: SubscriptionChange,
): EmulatedSubscription {
  const subscription = liveSubscription(ctx, id)
  if (change.priceId !== undefined) {
    const price = ctx.state.prices.get(change.priceId)
    if (price?.type !== 'recurring' || price.merchant !== subscription.merchant)
      throw new Error(`No recurring price ${change.priceId} of this merchant in the emulator`)
    if (price.currency !== subscription.currency)
      throw new Error(
        `Price ${change.priceId} is in ${price.currency}, the subscription in ${subscription.currency}`,
      )
    subscription.price_id = price.id
    subscription.amount = price.unit_amount
    subscription.interval = price.recurring_interval ?? subscription.interval
    subscription.interval_count = price.recurring_interval_count ?? 1
  }
  if (change.cancelAtPeriodEnd !== undefined) subscription.cancel_at_period_end = change.cancelAtPeriodEnd
  ctx.emit('subscription.updated', subscriptionEventData(subscription))
  return subscription
}

/** Cancels a live subscription now (its open invoice is voided): `subscription.canceled`. */
export function cancelSubscription(ctx: EmulatorContext, id: string): EmulatedSubscription {
  const subscription = liveSubscription(ctx, id)
  cancel(ctx, subscription)
  return subscription
}

/** Makes a subscription's current period end now (what `trigger` uses to renew without moving the clock). */
export function endPeriodNow(ctx: EmulatorContext, id: string): void {
  const subscription = liveSubscription(ctx, id)
  subscription.current_period_end = ctx.clock.now()
  renewDueSubscriptions(ctx)
}

type Due = {
  readonly kind: 'period' | 'retry'
  readonly subscription: EmulatedSubscription
  readonly at: number
}

function nextDue(ctx: EmulatorContext): Due | undefined {
  const now = ctx.clock.now()
  let next: Due | undefined
  for (const subscription of ctx.state.subscriptions.values()) {
    if (subscription.status === 'canceled') continue
    const due: Due | undefined =
      subscription.retry_at !== undefined
        ? { kind: 'retry', subscription, at: subscription.retry_at }
        : subscription.status === 'past_due'
          ? undefined
          : { kind: 'period', subscription, at: subscription.current_period_end }
    if (due !== undefined && due.at <= now && (next === undefined || due.at < next.at)) next = due
  }
  return next
}

function endPeriod(ctx: EmulatorContext, subscription: EmulatedSubscription): void {
  if (subscription.cancel_at_period_end) {
    cancel(ctx, subscription)
    return
  }
  subscription.current_period_start = subscription.current_period_end
  subscription.current_period_end = periodEnd(subscription, subscription.current_period_start)
  const invoice = newInvoice(ctx, subscription)
  const payment = renewalPayment(ctx, subscription)
  if (chargeDeclined(ctx, subscription.card)) failInvoice(ctx, subscription, invoice, payment)
  else {
    subscription.status = 'active'
    payInvoice(ctx, invoice, payment, subscription.card)
  }
  // A failure with no retries left has already sent subscription.canceled.
  if (subscription.status !== 'canceled')
    ctx.emit('subscription.updated', subscriptionEventData(subscription))
}

function retryInvoice(ctx: EmulatorContext, subscription: EmulatedSubscription): void {
  const invoice = ctx.state.invoices.get(subscription.open_invoice_id ?? '')
  if (invoice === undefined) {
    delete subscription.retry_at
    return
  }
  const payment = renewalPayment(ctx, subscription)
  if (chargeDeclined(ctx, subscription.card)) {
    failInvoice(ctx, subscription, invoice, payment)
    return
  }
  delete subscription.open_invoice_id
  delete subscription.retry_at
  subscription.failed_attempts = 0
  subscription.status = 'active'
  payInvoice(ctx, invoice, payment, subscription.card)
  ctx.emit('subscription.updated', subscriptionEventData(subscription))
}

function failInvoice(
  ctx: EmulatorContext,
  subscription: EmulatedSubscription,
  invoice: EmulatedInvoice,
  payment: EmulatedPayment,
): void {
  payment.status = 'failed'
  payment.failure_reason = subscription.card.declines === true ? 'card_declined' : 'authentication_required'
  ctx.emit('payment.failed', paymentEventData(payment))
  ctx.emit('invoice.payment_failed', invoiceEventData(invoice))
  const delay = ctx.renewalRetryDelaysMs[subscription.failed_attempts]
  subscription.failed_attempts++
  subscription.open_invoice_id = invoice.id
  if (delay === undefined) {
    cancel(ctx, subscription)
    return
  }
  subscription.status = 'past_due'
  subscription.retry_at = ctx.clock.now() + delay
}

function cancel(ctx: EmulatorContext, subscription: EmulatedSubscription): void {
  subscription.status = 'canceled'
  const invoice = ctx.state.invoices.get(subscription.open_invoice_id ?? '')
  if (invoice?.status === 'open') invoice.status = 'void'
  delete subscription.open_invoice_id
  delete subscription.retry_at
  ctx.emit('subscription.canceled', subscriptionEventData(subscription))
}

function payInvoice(
  ctx: EmulatorContext,
  invoice: EmulatedInvoice,
  payment: EmulatedPayment,
  card: EmulatedCard,
) {
  payment.status = 'succeeded'
  invoice.status = 'paid'
  invoice.payment_id = payment.id
  ctx.emit('payment.succeeded', { ...paymentEventData(payment), card_last4: card.last4 })
  ctx.emit('invoice.paid', invoiceEventData(invoice))
}

// Off-session, like a saved-card charge: a card that needs SCA (or the SCA switch) cannot renew.
function chargeDeclined(ctx: EmulatorContext, card: EmulatedCard): boolean {
  if (ctx.authenticationSwitch > 0) {
    ctx.authenticationSwitch--
    return true
  }
  return card.requiresAuthentication === true || card.declines === true
}

function newInvoice(ctx: EmulatorContext, subscription: EmulatedSubscription): EmulatedInvoice {
  const invoice: EmulatedInvoice = {
    id: newId('in'),
    merchant: subscription.merchant,
    subscription_id: subscription.id,
    amount: subscription.amount,
    currency: subscription.currency,
    status: 'open',
  }
  ctx.state.invoices.set(invoice.id, invoice)
  return invoice
}

function renewalPayment(ctx: EmulatorContext, subscription: EmulatedSubscription): EmulatedPayment {
  const payment: EmulatedPayment = {
    id: newId('pi'),
    merchant: subscription.merchant,
    amount: subscription.amount,
    currency: subscription.currency,
    status: 'requires_action',
    customer_id: subscription.customer_id,
    subscription_id: subscription.id,
    off_session: true,
  }
  ctx.state.payments.set(payment.id, payment)
  return payment
}

/** The session's payment (reusing an earlier declined or challenged attempt's id), now succeeded. */
function sessionPayment(
  ctx: EmulatorContext,
  session: EmulatedSession,
  subscription: EmulatedSubscription,
): EmulatedPayment {
  const earlier =
    session.payment_intent_id === null ? undefined : ctx.state.payments.get(session.payment_intent_id)
  if (earlier !== undefined) ctx.state.payments.delete(earlier.id)
  const payment: EmulatedPayment = {
    id: earlier?.id ?? newId('pi'),
    merchant: session.merchant,
    amount: session.amount_total,
    currency: subscription.currency,
    status: 'succeeded',
    customer_id: subscription.customer_id,
    checkout_session_id: session.id,
    ...(session.client_reference_id === undefined
      ? {}
      : { client_reference_id: session.client_reference_id }),
    subscription_id: subscription.id,
    off_session: false,
  }
  ctx.state.payments.set(payment.id, payment)
  session.payment_intent_id = payment.id
  return payment
}

// Guess: the buyer's customer is found by the session's email, or created; without an email the
// emulator makes one up on a reserved domain, so every subscription has a customer_id.
function customerFor(
  ctx: EmulatorContext,
  session: EmulatedSession,
  email: string | undefined,
): EmulatedCustomer {
  const address = email ?? `${session.id}@buyers.faststar.invalid`
  for (const customer of ctx.state.customers.values())
    if (customer.merchant === session.merchant && customer.email === address) return customer
  const customer: EmulatedCustomer = {
    id: newId('cus'),
    merchant: session.merchant,
    email: address,
    default_payment_method: null,
  }
  ctx.state.customers.set(customer.id, customer)
  return customer
}

function liveSubscription(ctx: EmulatorContext, id: string): EmulatedSubscription {
  const subscription = ctx.state.subscriptions.get(id)
  if (subscription === undefined) throw new Error(`No subscription ${id} in the emulator`)
  if (subscription.status === 'canceled') throw new Error(`Subscription ${id} is already canceled`)
  return subscription
}

/** `from` plus one billing period, in UTC calendar units (a month from Jan 31 is Mar 3, as Date does). */
function periodEnd(subscription: EmulatedSubscription, from: number): number {
  const date = new Date(from)
  const count = subscription.interval_count
  if (subscription.interval === 'day') date.setUTCDate(date.getUTCDate() + count)
  else if (subscription.interval === 'week') date.setUTCDate(date.getUTCDate() + 7 * count)
  else if (subscription.interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + count)
  else date.setUTCMonth(date.getUTCMonth() + count)
  return date.getTime()
}
