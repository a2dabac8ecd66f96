import { type EmulatorContext, newId } from './emulator-context.js'
import { disputeEventData, paymentEventData } from './emulator-events.js'
import type {
  EmulatedDispute,
  EmulatedPayment,
  EmulatedRefund,
  EmulatedSettlement,
} from './emulator-records.js'

// What a merchant does in the dashboard (or a bank does to a merchant): refunds,
// cancellations, disputes and payouts. FastStar documents no endpoint for any of
// them ("Unknown: … refund endpoints"), so they are emulator controls, and each
// raises the event SUPPLEMENT lists for it. The causes are guesses.

const PAID: readonly EmulatedPayment['status'][] = ['succeeded', 'partially_refunded', 'refunded']

/** Refunds `amount` (default: what is left) of a paid payment: `refund.succeeded`, then `payment.refunded`. */
export function refundPayment(ctx: EmulatorContext, paymentId: string, amount?: number): EmulatedRefund {
  const payment = findPayment(ctx, paymentId)
  const refunded = payment.amount_refunded ?? 0
  if (payment.status !== 'succeeded' && payment.status !== 'partially_refunded')
    throw new Error(`Payment ${paymentId} is ${payment.status}: only a succeeded payment can be refunded`)
  const left = payment.amount - refunded
  const value = amount ?? left
  if (!Number.isSafeInteger(value) || value < 1 || value > left)
    throw new RangeError(`refund amount must be an integer from 1 to ${left} (minor units), got ${value}`)
  const refund: EmulatedRefund = {
    id: newId('re'),
    merchant: payment.merchant,
    payment_id: payment.id,
    amount: value,
    currency: payment.currency,
    status: 'succeeded',
    created_at: ctx.clock.now(),
  }
  ctx.state.refunds.set(refund.id, refund)
  payment.amount_refunded = refunded + value
  payment.status = payment.amount_refunded === payment.amount ? 'refunded' : 'partially_refunded'
  ctx.emit('refund.succeeded', {
    refund_id: refund.id,
    payment_id: payment.id,
    amount: value,
    currency: payment.currency,
    status: 'succeeded',
  })
  ctx.emit('payment.refunded', paymentEventData(payment))
  return refund
}

/**
 * Cancels a payment that has not succeeded (declined, or waiting on 3-D Secure):
 * `payment.canceled`. Its checkout session, if still open, is canceled with it.
 */
export function cancelPayment(ctx: EmulatorContext, paymentId: string): EmulatedPayment {
  const payment = findPayment(ctx, paymentId)
  if (payment.status !== 'failed' && payment.status !== 'requires_action')
    throw new Error(
      `Payment ${paymentId} is ${payment.status}: only a failed or requires_action payment can be canceled`,
    )
  payment.status = 'canceled'
  delete payment.failure_reason
  const session =
    payment.checkout_session_id === undefined
      ? undefined
      : ctx.state.sessions.get(payment.checkout_session_id)
  if (session?.status === 'open') session.status = 'canceled'
  ctx.emit('payment.canceled', paymentEventData(payment))
  return payment
}

/** What a dispute control accepts. */
export interface DisputeInput {
  /** @default 'fraudulent' (guess: the documents name no reasons) */
  readonly reason?: string
  /** Disputed minor units. @default the payment's amount */
  readonly amount?: number
}

/** Opens a dispute on a paid payment: `dispute.created`, status `needs_response`. */
export function openDispute(
  ctx: EmulatorContext,
  paymentId: string,
  input: DisputeInput = {},
): EmulatedDispute {
  const payment = findPayment(ctx, paymentId)
  if (!PAID.includes(payment.status))
    throw new Error(`Payment ${paymentId} is ${payment.status}: only a paid payment can be disputed`)
  const amount = input.amount ?? payment.amount
  if (!Number.isSafeInteger(amount) || amount < 1 || amount > payment.amount)
    throw new RangeError(`dispute amount must be an integer from 1 to ${payment.amount}, got ${amount}`)
  const dispute: EmulatedDispute = {
    id: newId('dp'),
    merchant: payment.merchant,
    payment_id: payment.id,
    amount,
    currency: payment.currency,
    status: 'needs_response',
    reason: input.reason ?? 'fraudulent',
  }
  ctx.state.disputes.set(dispute.id, dispute)
  ctx.emit('dispute.created', disputeEventData(dispute))
  return dispute
}

/** Moves an open dispute on (evidence sent: `under_review`): `dispute.updated`. */
export function updateDispute(
  ctx: EmulatorContext,
  disputeId: string,
  change: { readonly status?: 'needs_response' | 'under_review'; readonly reason?: string } = {},
): EmulatedDispute {
  const dispute = openDisputeById(ctx, disputeId)
  dispute.status = change.status ?? 'under_review'
  if (change.reason !== undefined) dispute.reason = change.reason
  ctx.emit('dispute.updated', disputeEventData(dispute))
  return dispute
}

/** Closes an open dispute `won` or `lost`: `dispute.closed`. */
export function closeDispute(
  ctx: EmulatorContext,
  disputeId: string,
  outcome: 'won' | 'lost',
): EmulatedDispute {
  if (outcome !== 'won' && outcome !== 'lost')
    throw new TypeError(`closeDispute outcome must be 'won' or 'lost', got ${String(outcome)}`)
  const dispute = openDisputeById(ctx, disputeId)
  dispute.status = outcome
  ctx.emit('dispute.closed', disputeEventData(dispute))
  return dispute
}

/**
 * Pays out every paid payment not yet settled, one settlement per merchant and
 * currency, net of refunds: `settlement.succeeded` each. Guess: FastStar's payout
 * timing is undocumented, so it happens when a test (or `trigger`) asks.
 * `only`: settle these payments alone (what `trigger` uses, to leave a test's payments unsettled).
 */
export function settlePayments(ctx: EmulatorContext, only?: ReadonlySet<string>): EmulatedSettlement[] {
  const groups = new Map<string, EmulatedPayment[]>()
  for (const payment of ctx.state.payments.values()) {
    if (!PAID.includes(payment.status) || payment.settlement_id !== undefined) continue
    if (only !== undefined && !only.has(payment.id)) continue
    const key = `${payment.merchant}\u0000${payment.currency}`
    groups.set(key, [...(groups.get(key) ?? []), payment])
  }
  return [...groups.values()].map((payments) => {
    const [first] = payments as [EmulatedPayment, ...EmulatedPayment[]]
    const settlement: EmulatedSettlement = {
      id: newId('st'),
      merchant: first.merchant,
      amount: payments.reduce((sum, payment) => sum + payment.amount - (payment.amount_refunded ?? 0), 0),
      currency: first.currency,
      payment_ids: payments.map((payment) => payment.id),
      created_at: ctx.clock.now(),
    }
    ctx.state.settlements.set(settlement.id, settlement)
    for (const payment of payments) payment.settlement_id = settlement.id
    ctx.emit('settlement.succeeded', {
      settlement_id: settlement.id,
      amount: settlement.amount,
      currency: settlement.currency,
      payment_ids: settlement.payment_ids,
    })
    return settlement
  })
}

function findPayment(ctx: EmulatorContext, id: string): EmulatedPayment {
  const payment = ctx.state.payments.get(id)
  if (payment === undefined) throw new Error(`No payment ${id} in the emulator`)
  return payment
}

function openDisputeById(ctx: EmulatorContext, id: string): EmulatedDispute {
  const dispute = ctx.state.disputes.get(id)
  if (dispute === undefined) throw new Error(`No dispute ${id} in the emulator`)
  if (dispute.status === 'won' || dispute.status === 'lost')
    throw new Error(`Dispute ${id} is already closed (${dispute.status})`)
  return dispute
}
