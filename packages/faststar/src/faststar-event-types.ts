import type { WebhookEvent } from '@paymux/core'

/**
 * Every event type the FastStar webhooks guide lists, and the neutral type it
 * becomes. Types with no neutral counterpart arrive as `'unknown'` with their
 * name in `nativeType` and the native `data` untouched.
 */
export const FASTSTAR_EVENT_TYPES = {
  'payment.succeeded': 'payment.succeeded',
  'payment.failed': 'payment.failed',
  'payment.canceled': 'payment.canceled',
  'payment.refunded': 'payment.refunded',
  'refund.succeeded': 'unknown',
  'subscription.created': 'subscription.created',
  'subscription.updated': 'subscription.updated',
  'subscription.canceled': 'subscription.canceled',
  'invoice.paid': 'unknown',
  'invoice.payment_failed': 'unknown',
  'dispute.created': 'dispute.created',
  'dispute.updated': 'dispute.updated',
  'dispute.closed': 'dispute.closed',
  'settlement.succeeded': 'unknown',
} as const satisfies Record<string, WebhookEvent['type']>
