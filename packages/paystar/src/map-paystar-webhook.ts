import {
  fromMajorUnits,
  InvalidRequestError,
  type Money,
  type Payment,
  type Subscription,
  toRef,
  type WebhookEvent,
  WebhookVerificationError,
} from '@paymux/core'

/** What {@link toPaystarWebhookEvent} needs besides the delivery body. */
export interface WebhookEventContext {
  /** The currency of the dollar strings in the payload. */
  readonly currency: string
  /** When the delivery arrived: Paystar's payload carries no documented event time. */
  readonly receivedAt: Date
  /** Hex SHA-256 of the raw body: the event id where the payload has no natural one. */
  readonly bodyDigest: string
}

type Fields = Readonly<Record<string, unknown>>

/**
 * Normalizes a Paystar delivery (`{ action, payload }`, the shape of
 * Paystar's template examples): `Payment.Succeeded` → `payment.succeeded`
 * with the dollar string `amount` as exact Money, `AutoPay.Enrolled` →
 * `subscription.created`, `AutoPay.Unenrolled` → `subscription.canceled`,
 * anything else → `unknown`. Throws `WebhookVerificationError`
 * (`invalid_payload`) naming the field when a known action lacks what it needs.
 */
export function toPaystarWebhookEvent(body: unknown, context: WebhookEventContext): WebhookEvent {
  if (!isRecord(body) || typeof body.action !== 'string' || body.action.trim() === '') {
    throw invalidPayload('the delivery has no "action" string: use the template on the Paystar docs page')
  }
  const action = body.action
  const payload = isRecord(body.payload) ? body.payload : {}
  const base = { provider: 'paystar', occurredAt: context.receivedAt, nativeType: action, raw: body } as const
  const event = <Type extends WebhookEvent['type']>(type: Type, key: string) => {
    const id = `${action}:${key}`
    return { ...base, type, id, ref: toRef('paystar', id) }
  }

  switch (action) {
    case 'Payment.Succeeded': {
      const payment = toPayment(payload, context.currency)
      return { ...event('payment.succeeded', payment.id), data: payment }
    }
    case 'AutoPay.Enrolled':
      return {
        ...event('subscription.created', context.bodyDigest),
        data: toAutoPay(payload, 'Enrolled', context),
      }
    case 'AutoPay.Unenrolled':
      return {
        ...event('subscription.canceled', context.bodyDigest),
        data: toAutoPay(payload, 'Unenrolled', context),
      }
    default:
      return { ...event('unknown', context.bodyDigest), data: body.payload ?? body }
  }
}

/** A `Payment.Succeeded` payload as a neutral {@link Payment}; its id is Paystar's `referenceNumber`. */
function toPayment(payload: Fields, currency: string): Payment {
  const id = text(payload.referenceNumber) ?? text(payload.sessionIdentifier)
  if (id === undefined) {
    throw invalidPayload(
      'payload.referenceNumber (or payload.sessionIdentifier) is missing: it identifies the payment',
    )
  }
  const reference = text(payload.clientReference)
  return {
    object: 'payment',
    id,
    provider: 'paystar',
    ref: toRef('paystar', id),
    status: 'succeeded',
    nativeStatus: text(payload.status) ?? 'Succeeded',
    amount: dollars(payload.amount, currency),
    ...(reference === undefined ? {} : { reference }),
    raw: payload,
  }
}

function toAutoPay(payload: Fields, word: string, context: WebhookEventContext): Subscription {
  const id = text(payload.accountNumber) ?? text(payload.sessionIdentifier) ?? context.bodyDigest
  return {
    object: 'subscription',
    id,
    provider: 'paystar',
    ref: toRef('paystar', id),
    status: text(payload.status) ?? word,
    raw: payload,
  }
}

// Paystar's webhook amounts are dollar strings ("300.34"): parsed as exact decimals, never as floats.
function dollars(value: unknown, currency: string): Money {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw invalidPayload('payload.amount is missing: a dollar string such as "300.34"')
  }
  try {
    return fromMajorUnits(value, currency, { provider: 'paystar', field: 'payload.amount' })
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) throw invalidPayload(error.message)
    throw error
  }
}

function invalidPayload(message: string): WebhookVerificationError {
  return new WebhookVerificationError({
    provider: 'paystar',
    reason: 'invalid_payload',
    message: `paystar: webhook delivery authenticated but not usable: ${message}`,
  })
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
