import type { Money } from './money.js'
import type { Payment } from './payment.js'
import type { PaymentMethod } from './payment-method.js'
import type { PaymentSession } from './payment-session.js'
import type { ProviderId, Ref } from './ref.js'

/** A subscription as a webhook reports it; gateways differ too much to model more. */
export interface Subscription {
  readonly object: 'subscription'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly status?: string
  readonly customerId?: string
  readonly raw: unknown
}

/** A dispute (chargeback) as a webhook reports it. */
export interface Dispute {
  readonly object: 'dispute'
  readonly id: string
  readonly provider: ProviderId
  readonly ref: Ref
  readonly paymentId?: string
  readonly amount?: Money
  readonly status?: string
  readonly reason?: string
  readonly raw: unknown
}

/** Event types whose `data` is a {@link Payment}. */
export type PaymentEventType =
  | 'payment.succeeded'
  | 'payment.failed'
  | 'payment.processing'
  | 'payment.expired'
  | 'payment.canceled'
  | 'payment.refunded'
/** Event types whose `data` is a {@link PaymentSession}. */
export type SessionEventType = 'session.completed' | 'session.expired'
/** Event types whose `data` is a {@link Subscription}. */
export type SubscriptionEventType = 'subscription.created' | 'subscription.updated' | 'subscription.canceled'
/** Event types whose `data` is a {@link Dispute}. */
export type DisputeEventType = 'dispute.created' | 'dispute.updated' | 'dispute.closed'

interface EventEnvelope<Type extends string, Data> {
  readonly type: Type
  /** Unique per event, stable across redeliveries: the deduplication key. */
  readonly id: string
  readonly provider: ProviderId
  /** `'<provider>:<event id>'`. */
  readonly ref: Ref
  readonly occurredAt: Date
  /** The provider's own event name (`payment.completed`, `Payment.Succeeded`, …). */
  readonly nativeType: string
  readonly livemode?: boolean
  readonly data: Data
  /** The parsed delivery body, untouched. */
  readonly raw: unknown
}

// One union member per event type (not per group), so `Extract` and narrowing on `type` work.
type EventsOf<Type extends string, Data> = Type extends string ? EventEnvelope<Type, Data> : never

/**
 * A verified webhook delivery from any gateway, normalized. Switch on `type`
 * and TypeScript narrows `data`. A native event paymux does not map arrives as
 * `type: 'unknown'` with its name in `nativeType`, never as an error.
 */
export type WebhookEvent =
  | EventsOf<PaymentEventType, Payment>
  | EventsOf<SessionEventType, PaymentSession>
  | EventsOf<'payment_method.attached', PaymentMethod>
  | EventsOf<SubscriptionEventType, Subscription>
  | EventsOf<DisputeEventType, Dispute>
  | EventsOf<'unknown', unknown>

/** Every neutral webhook event type. */
export type WebhookEventType = WebhookEvent['type']

/** The member of {@link WebhookEvent} with this `type`. */
export type WebhookEventOf<Type extends WebhookEventType> = Extract<WebhookEvent, { type: Type }>
