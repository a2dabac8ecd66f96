import { renewDueSubscriptions } from './emulator-billing.js'
import type { EmulatorContext } from './emulator-context.js'
import { paymentEventData } from './emulator-events.js'

/**
 * Runs what the emulator clock made due: open sessions past `expires_at` expire
 * (an attempt left declined or in a 3-D Secure challenge is canceled with
 * `payment.canceled`; guess), then trials, renewals and renewal retries.
 * Called after every clock change and before every request, so a served
 * emulator catches up on real time too.
 */
export function runDueWork(ctx: EmulatorContext): void {
  expireDueSessions(ctx)
  renewDueSubscriptions(ctx)
}

function expireDueSessions(ctx: EmulatorContext): void {
  const now = ctx.clock.now()
  if (now < ctx.nextSessionExpiry) return
  let next = Number.POSITIVE_INFINITY
  for (const session of ctx.state.sessions.values()) {
    if (session.status !== 'open') continue
    if (now < session.expires_at) {
      next = Math.min(next, session.expires_at)
      continue
    }
    session.status = 'expired'
    const attempt =
      session.payment_intent_id === null ? undefined : ctx.state.payments.get(session.payment_intent_id)
    if (attempt?.status === 'failed' || attempt?.status === 'requires_action') {
      attempt.status = 'canceled'
      delete attempt.failure_reason
      ctx.emit('payment.canceled', paymentEventData(attempt))
    }
  }
  ctx.nextSessionExpiry = next
}
