import type {
  Dispute,
  Payment,
  PaymentStatus,
  Subscription,
  WebhookEvent,
  WebhookEventOf,
  WebhookEventType,
} from '@paymux/core'
import { describeIssues, toFieldIssues, toRef, WebhookVerificationError } from '@paymux/core/adapter-kit'
import type * as z from 'zod/mini'
import { type FastStarWebhookEventBody, fastStarPaymentEventDataSchema } from './faststar-api.js'
import { mapFastStarPaymentStatus } from './map-faststar-status.js'

/** A verified FastStar event: the neutral event plus the delivery's `X-Webhook-ID`, when it had one. */
export type FastStarWebhookEvent = WebhookEvent & {
  /** The `X-Webhook-ID` header: FastStar's id for deduplicating deliveries (the event's `id` is signed, this is not). */
  readonly webhookId?: string
}

/** What a `payment.*` event says when its `data` carries no `status`. */
const PAYMENT_EVENTS = {
  'payment.succeeded': 'succeeded',
  'payment.failed': 'failed',
  'payment.canceled': 'canceled',
  // A refund does not undo the payment: it keeps `succeeded`.
  'payment.refunded': 'succeeded',
} as const satisfies Record<string, PaymentStatus>

const SUBSCRIPTION_EVENTS = ['subscription.created', 'subscription.updated', 'subscription.canceled'] as const
const DISPUTE_EVENTS = ['dispute.created', 'dispute.updated', 'dispute.closed'] as const

/**
 * A verified FastStar delivery as a neutral `WebhookEvent`, with the
 * delivery's `X-Webhook-ID` as `webhookId` when it had one; a malformed
 * `data` is a `WebhookVerificationError`.
 */
export function toWebhookEvent(body: FastStarWebhookEventBody, webhookId?: string): FastStarWebhookEvent {
  const type = body.type
  const event: Mutable<FastStarWebhookEvent> = isKey(PAYMENT_EVENTS, type)
    ? envelope(body, type, paymentOf(body, PAYMENT_EVENTS[type]))
    : includes(SUBSCRIPTION_EVENTS, type)
      ? envelope(body, type, subscriptionOf(body))
      : includes(DISPUTE_EVENTS, type)
        ? envelope(body, type, disputeOf(body))
        : envelope(body, 'unknown', body.data)
  if (webhookId !== undefined) event.webhookId = webhookId
  return event
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

// On the verify path of every delivery: one object literal, the optional fields set after it.
// Spreading `cond ? {} : { x }` into a literal cost about 2 µs a delivery.
function envelope<Type extends WebhookEventType>(
  body: FastStarWebhookEventBody,
  type: Type,
  data: WebhookEventOf<Type>['data'],
): WebhookEventOf<Type> {
  const event: Mutable<WebhookEventOf<WebhookEventType>> = {
    type,
    id: body.id,
    provider: 'faststar',
    ref: toRef('faststar', body.id),
    occurredAt: new Date(body.created * 1000),
    nativeType: body.type,
    data,
    raw: body,
  } as Mutable<WebhookEventOf<WebhookEventType>>
  if (body.livemode != null) event.livemode = body.livemode
  // `type` and `data` were given as one member of the union: TypeScript cannot follow the generic pairing.
  return event as WebhookEventOf<Type>
}

function paymentOf(body: FastStarWebhookEventBody, implied: PaymentStatus): Payment {
  const data = validData(body, fastStarPaymentEventDataSchema)
  const payment: Mutable<Payment> = {
    object: 'payment',
    id: data.payment_id,
    provider: 'faststar',
    ref: toRef('faststar', data.payment_id),
    status: data.status == null ? implied : mapFastStarPaymentStatus(data.status),
    nativeStatus: data.status ?? body.type.slice('payment.'.length),
    amount: { amount: data.amount, currency: data.currency },
    raw: body.data,
  }
  if (data.client_reference_id != null) payment.reference = data.client_reference_id
  if (data.customer_id != null) payment.customerId = data.customer_id
  if (data.payment_method_id != null) payment.paymentMethodId = data.payment_method_id
  if (data.amount_refunded != null)
    payment.amountRefunded = { amount: data.amount_refunded, currency: data.currency }
  if (body.livemode != null) payment.livemode = body.livemode
  return payment
}

// Subscription and dispute payloads are not shown in the documents: the id is
// read from `<object>_id` or `id`, and other fields only when present.
function subscriptionOf(body: FastStarWebhookEventBody): Subscription {
  const id = objectId(body, 'subscription_id')
  const status = text(body.data.status)
  const customerId = text(body.data.customer_id)
  return {
    object: 'subscription',
    id,
    provider: 'faststar',
    ref: toRef('faststar', id),
    ...(status === undefined ? {} : { status }),
    ...(customerId === undefined ? {} : { customerId }),
    raw: body.data,
  }
}

function disputeOf(body: FastStarWebhookEventBody): Dispute {
  const id = objectId(body, 'dispute_id')
  const { amount, currency } = body.data
  const paymentId = text(body.data.payment_id)
  const status = text(body.data.status)
  const reason = text(body.data.reason)
  const hasAmount = typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 0
  return {
    object: 'dispute',
    id,
    provider: 'faststar',
    ref: toRef('faststar', id),
    ...(paymentId === undefined ? {} : { paymentId }),
    ...(hasAmount && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)
      ? { amount: { amount, currency } }
      : {}),
    ...(status === undefined ? {} : { status }),
    ...(reason === undefined ? {} : { reason }),
    raw: body.data,
  }
}

function objectId(body: FastStarWebhookEventBody, field: string): string {
  const id = text(body.data[field]) ?? text(body.data.id)
  if (id === undefined) throw invalidPayload(body, `data has neither "${field}" nor "id"`)
  return id
}

function validData<Schema extends z.ZodMiniType>(
  body: FastStarWebhookEventBody,
  schema: Schema,
): z.output<Schema> {
  const result = schema.safeParse(body.data)
  if (result.success) return result.data
  const issues = toFieldIssues(result.error.issues).map((issue) => ({ ...issue, path: `data.${issue.path}` }))
  throw invalidPayload(body, describeIssues(issues))
}

function invalidPayload(body: FastStarWebhookEventBody, problem: string): WebhookVerificationError {
  return new WebhookVerificationError({
    provider: 'faststar',
    reason: 'invalid_payload',
    message: `The faststar ${body.type} event ${body.id} is signed correctly but does not have the documented shape: ${problem}`,
  })
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function isKey<T extends object>(record: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(record, key)
}

function includes<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value)
}
