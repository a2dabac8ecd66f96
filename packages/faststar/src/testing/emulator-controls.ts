import { cancelSubscription, type SubscriptionChange, updateSubscription } from './emulator-billing.js'
import { findSession } from './emulator-checkout.js'
import { failAttempt } from './emulator-checkout-page.js'
import type { EmulatorContext } from './emulator-context.js'
import { runDueWork } from './emulator-due-work.js'
import {
  cancelPayment,
  closeDispute,
  type DisputeInput,
  openDispute,
  refundPayment,
  settlePayments,
  updateDispute,
} from './emulator-merchant.js'
import type {
  EmulatedDispute,
  EmulatedPayment,
  EmulatedRefund,
  EmulatedSettlement,
  EmulatedSubscription,
} from './emulator-records.js'

/**
 * What a merchant (in FastStar's dashboard), a bank or time does, as emulator
 * controls. None has a documented endpoint; each raises the events SUPPLEMENT
 * lists for it, and resolves once their first delivery attempts have ended.
 */
export interface FastStarEmulatorControls {
  /** Moves the clock by `ms`, then runs what fell due (session expiry, trial ends, renewals and their retries). */
  advance(ms: number): Promise<void>
  /** Refunds `amount` minor units (default: all that is left): `refund.succeeded`, then `payment.refunded`. */
  refund(paymentId: string, amount?: number): Promise<EmulatedRefund>
  /** Cancels a declined or challenged payment (and its open session): `payment.canceled`. */
  cancelPayment(paymentId: string): Promise<EmulatedPayment>
  /** A declined attempt on an open session, as the hosted page's declining card makes: `payment.failed`; the session stays open. @default reason 'card_declined' */
  failSession(sessionId: string, reason?: string): Promise<EmulatedPayment>
  /** Cancels a subscription now: `subscription.canceled`. */
  cancelSubscription(subscriptionId: string): Promise<EmulatedSubscription>
  /** Changes its price or cancel-at-period-end: `subscription.updated`. */
  updateSubscription(subscriptionId: string, change: SubscriptionChange): Promise<EmulatedSubscription>
  /** Opens a dispute on a paid payment: `dispute.created` (`needs_response`). */
  dispute(paymentId: string, input?: DisputeInput): Promise<EmulatedDispute>
  /** Evidence sent (default `under_review`): `dispute.updated`. */
  updateDispute(
    disputeId: string,
    change?: { readonly status?: 'needs_response' | 'under_review'; readonly reason?: string },
  ): Promise<EmulatedDispute>
  /** `dispute.closed`, `won` or `lost`. */
  closeDispute(disputeId: string, outcome: 'won' | 'lost'): Promise<EmulatedDispute>
  /** Pays out every paid, unsettled payment, per merchant and currency: `settlement.succeeded` each. */
  settle(): Promise<readonly EmulatedSettlement[]>
}

/** The controls over `ctx`; `settle` resolves when the deliveries they started have had their first attempt. */
export function emulatorControls(
  ctx: EmulatorContext,
  settleDeliveries: () => Promise<void>,
): FastStarEmulatorControls {
  // A control that refuses rejects (never throws synchronously); one that acts resolves after its deliveries.
  const settled = async <T>(act: () => T): Promise<T> => {
    const result = act()
    await settleDeliveries()
    return result
  }
  return {
    async advance(ms) {
      // The emulator's clock listener runs what fell due (runDueWork); here it is run again in
      // case the clock was handed in without listeners wired (it is idempotent), then settled.
      ctx.clock.advance(ms)
      runDueWork(ctx)
      await settleDeliveries()
    },
    refund: (paymentId, amount) => settled(() => refundPayment(ctx, paymentId, amount)),
    cancelPayment: (paymentId) => settled(() => cancelPayment(ctx, paymentId)),
    failSession: (sessionId, reason = 'card_declined') =>
      settled(() => {
        const session = findSession(ctx, sessionId)
        if (session === undefined) throw new Error(`No checkout session ${sessionId} in the emulator`)
        if (session.status !== 'open' || session.mode === 'setup')
          throw new Error(
            `Checkout session ${sessionId} is ${session.status} (${session.mode}): nothing to decline`,
          )
        return failAttempt(ctx, session, reason)
      }),
    cancelSubscription: (id) => settled(() => cancelSubscription(ctx, id)),
    updateSubscription: (id, change) => settled(() => updateSubscription(ctx, id, change)),
    dispute: (paymentId, input) => settled(() => openDispute(ctx, paymentId, input)),
    updateDispute: (id, change) => settled(() => updateDispute(ctx, id, change)),
    closeDispute: (id, outcome) => settled(() => closeDispute(ctx, id, outcome)),
    settle: () => settled(() => settlePayments(ctx)),
  }
}
